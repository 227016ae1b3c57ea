-- Search speed.
-- 1. What results show moves to search_display: a query reads the row of every document it matches,
--    so search_documents keeps only what matching, ranking and facets need.
--    Existing rows keep their dropped columns' bytes until they are next written
--    (`pnpm hub search reindex --force` rewrites them all).
-- 2. GIN indexes without a pending list: with fastupdate, fresh documents wait in an unsorted list
--    that every search scans until a VACUUM merges it (13 ms per query over 20,000 fresh documents
--    here, and autovacuum may be off). Recreating them also compacts indexes grown insert by insert.
CREATE TABLE "search_display" (
	"server_name" text COLLATE "C" PRIMARY KEY NOT NULL,
	"title" text,
	"description" text NOT NULL,
	"packages" json NOT NULL,
	"remotes" json NOT NULL
);
--> statement-breakpoint
DROP INDEX "search_documents_tsv_idx";--> statement-breakpoint
DROP INDEX "search_documents_registry_types_idx";--> statement-breakpoint
DROP INDEX "search_documents_transports_idx";--> statement-breakpoint
DROP INDEX "search_terms_trgm_idx";--> statement-breakpoint
ALTER TABLE "search_display" ADD CONSTRAINT "search_display_server_name_search_documents_server_name_fk" FOREIGN KEY ("server_name") REFERENCES "public"."search_documents"("server_name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_documents_tsv_idx" ON "search_documents" USING gin ("tsv") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "search_documents_registry_types_idx" ON "search_documents" USING gin ("registry_types") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "search_documents_transports_idx" ON "search_documents" USING gin ("transports") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "search_terms_trgm_idx" ON "search_terms" USING gin ("term" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
INSERT INTO "search_display" ("server_name", "title", "description", "packages", "remotes")
  SELECT "server_name", "title", "description", "packages", "remotes" FROM "search_documents";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "title";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "description";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "packages";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "remotes";