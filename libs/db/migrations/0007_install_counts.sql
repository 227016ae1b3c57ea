CREATE TABLE "install_counts" (
	"server_name" text COLLATE "C" PRIMARY KEY NOT NULL,
	"installs" bigint DEFAULT 0 NOT NULL,
	"last_installed_at" timestamp (6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "install_counts" ADD CONSTRAINT "install_counts_server_name_servers_name_fk" FOREIGN KEY ("server_name") REFERENCES "public"."servers"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "install_counts_installs_idx" ON "install_counts" USING btree ("installs" DESC NULLS LAST);