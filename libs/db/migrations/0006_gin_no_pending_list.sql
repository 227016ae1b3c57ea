-- GIN indexes without a pending list: with fastupdate, fresh documents wait in an unsorted list that every
-- search scans until a VACUUM merges it (13 ms per query over 20,000 fresh documents here, and autovacuum may be off).
-- Recreating them also compacts indexes built up by many single inserts.
DROP INDEX "search_documents_tsv_idx";--> statement-breakpoint
DROP INDEX "search_documents_registry_types_idx";--> statement-breakpoint
DROP INDEX "search_documents_transports_idx";--> statement-breakpoint
DROP INDEX "search_terms_trgm_idx";--> statement-breakpoint
CREATE INDEX "search_documents_tsv_idx" ON "search_documents" USING gin ("tsv") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "search_documents_registry_types_idx" ON "search_documents" USING gin ("registry_types") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "search_documents_transports_idx" ON "search_documents" USING gin ("transports") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "search_terms_trgm_idx" ON "search_terms" USING gin ("term" gin_trgm_ops) WITH (fastupdate=false);