ALTER TABLE "api_tokens" ADD COLUMN "parent_id" uuid;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_parent_id_api_tokens_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."api_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_parent_idx" ON "api_tokens" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "api_tokens_created_by_idx" ON "api_tokens" USING btree ("created_by_token_id");--> statement-breakpoint
-- Tokens minted through /api/v1/tokens by a non-admin API token were delegated from it.
UPDATE "api_tokens" c SET "parent_id" = p."id" FROM "api_tokens" p
 WHERE c."created_by_token_id" = p."id" AND c."kind" = 'api' AND p."kind" = 'api' AND c."org_id" IS NULL
   AND NOT ('admin' = ANY(p."scopes") AND p."org_id" IS NULL);--> statement-breakpoint
-- A delegated token belongs to its parent's owner (an org token's children were left without one)...
UPDATE "api_tokens" c SET "org_id" = p."org_id", "user_id" = p."user_id" FROM "api_tokens" p
 WHERE c."parent_id" = p."id" AND (c."org_id" IS DISTINCT FROM p."org_id" OR c."user_id" IS DISTINCT FROM p."user_id");--> statement-breakpoint
-- ...and one with a scope its parent lacks reaches beyond it: revoked.
UPDATE "api_tokens" c SET "revoked_at" = now() FROM "api_tokens" p
 WHERE c."parent_id" = p."id" AND c."revoked_at" IS NULL AND NOT (c."scopes" <@ p."scopes");--> statement-breakpoint
-- Children die with their parents: revoked with them, expired no later than them.
WITH RECURSIVE "chain" AS (
  SELECT "id", "revoked_at", "expires_at" FROM "api_tokens" WHERE "parent_id" IS NULL
  UNION ALL
  SELECT c."id", least(c."revoked_at", p."revoked_at"), least(c."expires_at", p."expires_at")
    FROM "api_tokens" c JOIN "chain" p ON c."parent_id" = p."id"
)
UPDATE "api_tokens" t SET "revoked_at" = "chain"."revoked_at", "expires_at" = "chain"."expires_at" FROM "chain"
 WHERE t."id" = "chain"."id" AND (t."revoked_at" IS DISTINCT FROM "chain"."revoked_at" OR t."expires_at" IS DISTINCT FROM "chain"."expires_at");--> statement-breakpoint
-- Every process caches which tokens are live; a revocation or a new expiry is announced to them all.
CREATE FUNCTION "hub_api_tokens_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hub_token_changed', NEW."id"::text);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "api_tokens_changed" AFTER UPDATE OF "revoked_at", "expires_at" ON "api_tokens"
  FOR EACH ROW WHEN (OLD."revoked_at" IS DISTINCT FROM NEW."revoked_at" OR OLD."expires_at" IS DISTINCT FROM NEW."expires_at")
  EXECUTE FUNCTION "hub_api_tokens_changed"();
