CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"actor_user_id" uuid,
	"actor_token_id" uuid,
	"org_id" uuid,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"detail" json
);
--> statement-breakpoint
CREATE TABLE "org_allowed_servers" (
	"org_id" uuid NOT NULL,
	"server_name" text COLLATE "C" NOT NULL,
	"added_at" timestamp (6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"login" text COLLATE "C" NOT NULL,
	"role" text NOT NULL,
	"invited_by" text NOT NULL,
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (6) with time zone NOT NULL,
	"accepted_at" timestamp (6) with time zone,
	"revoked_at" timestamp (6) with time zone,
	CONSTRAINT "org_invitations_role_ck" CHECK ("org_invitations"."role" in ('owner', 'admin', 'publisher', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "org_members" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_members_role_ck" CHECK ("org_members"."role" in ('owner', 'admin', 'publisher', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"default_visibility" text DEFAULT 'public' NOT NULL,
	"allow_list_enabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orgs_name_unique" UNIQUE("name"),
	CONSTRAINT "orgs_default_visibility_ck" CHECK ("orgs"."default_visibility" in ('public', 'private'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"login" text COLLATE "C" NOT NULL,
	"github_id" bigint,
	"name" text,
	"avatar_url" text,
	"github_orgs" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"last_sign_in_at" timestamp (6) with time zone,
	CONSTRAINT "users_login_unique" UNIQUE("login"),
	CONSTRAINT "users_github_id_unique" UNIQUE("github_id")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "kind" text DEFAULT 'api' NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "private_org_id" uuid;--> statement-breakpoint
ALTER TABLE "server_versions" ADD COLUMN "private_org_id" uuid;--> statement-breakpoint
ALTER TABLE "servers" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "servers" ADD COLUMN "visibility" text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "verified_namespaces" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "verified_namespaces" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "org_allowed_servers" ADD CONSTRAINT "org_allowed_servers_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_invitations" ADD CONSTRAINT "org_invitations_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_members" ADD CONSTRAINT "org_members_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_members" ADD CONSTRAINT "org_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_org_idx" ON "audit_log" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "org_allowed_servers_pk" ON "org_allowed_servers" USING btree ("org_id","server_name");--> statement-breakpoint
CREATE INDEX "org_invitations_login_idx" ON "org_invitations" USING btree ("login");--> statement-breakpoint
CREATE UNIQUE INDEX "org_members_pk" ON "org_members" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE INDEX "org_members_user_idx" ON "org_members" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "servers" ADD CONSTRAINT "servers_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_org_idx" ON "api_tokens" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_kind_ck" CHECK ("api_tokens"."kind" in ('api', 'session'));--> statement-breakpoint
ALTER TABLE "servers" ADD CONSTRAINT "servers_visibility_ck" CHECK ("servers"."visibility" in ('public', 'private'));--> statement-breakpoint
ALTER TABLE "servers" ADD CONSTRAINT "servers_private_org_ck" CHECK ("servers"."visibility" = 'public' or "servers"."org_id" is not null);