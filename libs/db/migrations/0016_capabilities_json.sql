ALTER TABLE "capabilities" ALTER COLUMN "server_info" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "capabilities" ALTER COLUMN "declared_capabilities" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "capabilities" ALTER COLUMN "tools" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "capabilities" ALTER COLUMN "tools" SET DEFAULT '[]'::json;--> statement-breakpoint
ALTER TABLE "capabilities" ALTER COLUMN "resources" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "capabilities" ALTER COLUMN "resources" SET DEFAULT '[]'::json;--> statement-breakpoint
ALTER TABLE "capabilities" ALTER COLUMN "resource_templates" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "capabilities" ALTER COLUMN "resource_templates" SET DEFAULT '[]'::json;--> statement-breakpoint
ALTER TABLE "capabilities" ALTER COLUMN "prompts" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "capabilities" ALTER COLUMN "prompts" SET DEFAULT '[]'::json;