CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"token_prefix" text NOT NULL,
	"namespace_pattern" text NOT NULL,
	"scopes" text[] NOT NULL,
	"description" text,
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (6) with time zone,
	"last_used_at" timestamp (6) with time zone,
	"revoked_at" timestamp (6) with time zone,
	"created_by_token_id" uuid
);
--> statement-breakpoint
CREATE TABLE "server_versions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "server_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"server_name" text COLLATE "C" NOT NULL,
	"version" text COLLATE "C" NOT NULL,
	"server_json" jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"status_message" text,
	"status_changed_at" timestamp (6) with time zone NOT NULL,
	"is_latest" boolean DEFAULT false NOT NULL,
	"published_at" timestamp (6) with time zone NOT NULL,
	"updated_at" timestamp (6) with time zone NOT NULL,
	"unpublished_at" timestamp (6) with time zone,
	"published_by_token_id" uuid,
	"source" text DEFAULT 'local' NOT NULL,
	CONSTRAINT "server_versions_status_ck" CHECK ("server_versions"."status" in ('active', 'deprecated', 'deleted'))
);
--> statement-breakpoint
CREATE TABLE "servers" (
	"name" text COLLATE "C" PRIMARY KEY NOT NULL,
	"namespace" text COLLATE "C" NOT NULL,
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "server_versions" ADD CONSTRAINT "server_versions_server_name_servers_name_fk" FOREIGN KEY ("server_name") REFERENCES "public"."servers"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_uq" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "server_versions_name_version_uq" ON "server_versions" USING btree ("server_name","version");--> statement-breakpoint
CREATE UNIQUE INDEX "server_versions_one_latest_uq" ON "server_versions" USING btree ("server_name") WHERE "server_versions"."is_latest";--> statement-breakpoint
CREATE INDEX "server_versions_updated_at_idx" ON "server_versions" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "server_versions_latest_name_idx" ON "server_versions" USING btree ("server_name") WHERE "server_versions"."is_latest" and "server_versions"."status" <> 'deleted';