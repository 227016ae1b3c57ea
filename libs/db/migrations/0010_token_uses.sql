CREATE TABLE "token_uses" (
	"token_id" uuid NOT NULL,
	"minute" timestamp (6) with time zone NOT NULL,
	"requests" integer NOT NULL,
	"writes" integer NOT NULL,
	"refused" integer NOT NULL,
	"last_at" timestamp (6) with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	CONSTRAINT "token_uses_token_id_minute_pk" PRIMARY KEY("token_id","minute")
);
--> statement-breakpoint
ALTER TABLE "token_uses" ADD CONSTRAINT "token_uses_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "token_uses_minute_idx" ON "token_uses" USING btree ("minute");