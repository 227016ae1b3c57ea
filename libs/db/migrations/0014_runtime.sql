CREATE TABLE "capabilities" (
	"server_name" text COLLATE "C" NOT NULL,
	"version" text COLLATE "C" NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"transport" text,
	"target" text,
	"protocol_version" text,
	"server_info" jsonb,
	"declared_capabilities" jsonb,
	"instructions" text,
	"tools" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resource_templates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"prompts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tools_fingerprint" text,
	"missing_config" text[],
	"notes" text[],
	"attempts" integer DEFAULT 1 NOT NULL,
	"duration_ms" integer,
	"inspected_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "capabilities_server_name_version_source_pk" PRIMARY KEY("server_name","version","source"),
	CONSTRAINT "capabilities_source_ck" CHECK ("capabilities"."source" in ('inspected', 'declared')),
	CONSTRAINT "capabilities_status_ck" CHECK ("capabilities"."status" in ('ok', 'needs-config', 'needs-auth', 'unsupported', 'failed', 'timeout'))
);
--> statement-breakpoint
CREATE TABLE "drift_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "drift_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"server_name" text COLLATE "C" NOT NULL,
	"version" text NOT NULL,
	"url" text NOT NULL,
	"previous_fingerprint" text NOT NULL,
	"fingerprint" text NOT NULL,
	"diff" jsonb NOT NULL,
	"detected_at" timestamp (6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_checks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "health_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"server_name" text COLLATE "C" NOT NULL,
	"url" text NOT NULL,
	"status" text NOT NULL,
	"latency_ms" integer,
	"error" text,
	"checked_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "health_checks_status_ck" CHECK ("health_checks"."status" in ('up', 'down', 'degraded'))
);
--> statement-breakpoint
CREATE TABLE "health_hourly" (
	"server_name" text COLLATE "C" NOT NULL,
	"url" text NOT NULL,
	"hour" timestamp (6) with time zone NOT NULL,
	"up" integer DEFAULT 0 NOT NULL,
	"degraded" integer DEFAULT 0 NOT NULL,
	"down" integer DEFAULT 0 NOT NULL,
	"latency_buckets" integer[] NOT NULL,
	CONSTRAINT "health_hourly_server_name_url_hour_pk" PRIMARY KEY("server_name","url","hour")
);
--> statement-breakpoint
CREATE TABLE "remote_tool_state" (
	"server_name" text COLLATE "C" NOT NULL,
	"url" text NOT NULL,
	"version" text NOT NULL,
	"tools_fingerprint" text NOT NULL,
	"tools" jsonb NOT NULL,
	"seen_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remote_tool_state_server_name_url_pk" PRIMARY KEY("server_name","url")
);
--> statement-breakpoint
CREATE INDEX "drift_events_server_idx" ON "drift_events" USING btree ("server_name","detected_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "health_checks_server_idx" ON "health_checks" USING btree ("server_name","url","checked_at");--> statement-breakpoint
CREATE INDEX "health_checks_checked_idx" ON "health_checks" USING btree ("checked_at");