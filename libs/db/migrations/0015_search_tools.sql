ALTER TABLE "search_documents" ADD COLUMN "tool_names" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "search_documents" ADD COLUMN "tools_fingerprint" text;--> statement-breakpoint
ALTER TABLE "search_index_failures" ADD COLUMN "tools_fingerprint" text;--> statement-breakpoint
CREATE INDEX "search_documents_tool_names_idx" ON "search_documents" USING gin ("tool_names") WITH (fastupdate=false);