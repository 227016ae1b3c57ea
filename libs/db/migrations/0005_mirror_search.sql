-- Upstream mirror: who owns a name, what upstream last said, where a crawl stands.
ALTER TABLE "servers" ADD COLUMN "source" text DEFAULT 'local' NOT NULL;
--> statement-breakpoint
ALTER TABLE "servers" ADD CONSTRAINT "servers_source_ck" CHECK ("source" in ('local', 'upstream'));
--> statement-breakpoint
-- The upstream's updatedAt exactly as sent (nanoseconds and all): an entry whose stamp is unchanged is not rewritten.
ALTER TABLE "server_versions" ADD COLUMN "upstream_updated_at" text;
--> statement-breakpoint
CREATE TABLE "verified_namespaces" (
  "namespace" text COLLATE "C" PRIMARY KEY NOT NULL,
  "method" text NOT NULL,
  "verified_at" timestamp (6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Local versions displaced when the upstream registry claimed their name (namespace not verified here). Kept, not lost.
CREATE TABLE "superseded_versions" (
  "id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "superseded_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
  "server_name" text COLLATE "C" NOT NULL,
  "version" text COLLATE "C" NOT NULL,
  "server_json" json NOT NULL,
  "status" text NOT NULL,
  "published_at" timestamp (6) with time zone NOT NULL,
  "superseded_at" timestamp (6) with time zone NOT NULL,
  "reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mirror_state" (
  "upstream_url" text PRIMARY KEY NOT NULL,
  "phase" text DEFAULT 'crawl' NOT NULL,
  "cursor" text,
  "since" text,
  "run_started_at" timestamp (6) with time zone,
  "last_success_at" timestamp (6) with time zone,
  "last_attempt_at" timestamp (6) with time zone,
  "last_error" text,
  "consecutive_failures" integer DEFAULT 0 NOT NULL,
  "applied_total" bigint DEFAULT 0 NOT NULL,
  "skipped_total" bigint DEFAULT 0 NOT NULL,
  CONSTRAINT "mirror_state_phase_ck" CHECK ("phase" in ('crawl', 'poll'))
);
--> statement-breakpoint
-- Search: one document per server (its latest visible version), weighted full text, facets.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "search_documents" (
  "server_name" text COLLATE "C" PRIMARY KEY NOT NULL,
  "version" text NOT NULL,
  "namespace" text COLLATE "C" NOT NULL,
  "title" text,
  "description" text NOT NULL,
  "status" text NOT NULL,
  "registry_types" text[] NOT NULL,
  "transports" text[] NOT NULL,
  "has_remote" boolean NOT NULL,
  "packages" json NOT NULL,
  "remotes" json NOT NULL,
  "tsv" tsvector NOT NULL,
  "content_hash" text NOT NULL,
  "source_updated_at" timestamp (6) with time zone NOT NULL,
  "published_at" timestamp (6) with time zone NOT NULL,
  "indexed_at" timestamp (6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "search_documents_tsv_idx" ON "search_documents" USING gin ("tsv");
--> statement-breakpoint
CREATE INDEX "search_documents_registry_types_idx" ON "search_documents" USING gin ("registry_types");
--> statement-breakpoint
CREATE INDEX "search_documents_transports_idx" ON "search_documents" USING gin ("transports");
--> statement-breakpoint
-- Every word the index knows, for typo tolerance: an unknown query word is matched to its nearest terms by trigram similarity.
CREATE TABLE "search_terms" ("term" text COLLATE "C" PRIMARY KEY NOT NULL);
--> statement-breakpoint
CREATE INDEX "search_terms_trgm_idx" ON "search_terms" USING gin ("term" gin_trgm_ops);
--> statement-breakpoint
CREATE TABLE "search_embeddings" (
  "server_name" text COLLATE "C" PRIMARY KEY NOT NULL REFERENCES "search_documents"("server_name") ON DELETE CASCADE,
  "model" text NOT NULL,
  "content_hash" text NOT NULL,
  "embedding" real[] NOT NULL
);
--> statement-breakpoint
-- Vectors also live in pgvector where the extension exists (always on PGlite; e.g. the pgvector image in docker-compose).
-- Without it (a stock Debian Postgres) the real[] column is the store and the Search service ranks in memory.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
    ALTER TABLE "search_embeddings" ADD COLUMN "vec" vector;
  END IF;
END
$$;
--> statement-breakpoint
-- Provenance in every served entry: our own _meta key says whether a version was published here or mirrored.
CREATE OR REPLACE FUNCTION hub_server_entry_json() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.entry_json := '{"server":' || NEW.server_json::text
    || ',"_meta":{"io.modelcontextprotocol.registry/official":'
    || json_strip_nulls(json_build_object(
         'status', NEW.status,
         'statusChangedAt', to_char(NEW.status_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'statusMessage', NEW.status_message,
         'publishedAt', to_char(NEW.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'updatedAt', to_char(NEW.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'isLatest', NEW.is_latest
       ))::text
    || ',"io.mcphub/provenance":' || json_build_object('source', NEW.source)::text
    || '}}';
  RETURN NEW;
END
$$;
--> statement-breakpoint
UPDATE server_versions SET entry_json = '';
