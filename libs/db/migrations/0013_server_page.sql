CREATE TABLE "install_days" (
	"server_name" text COLLATE "C" NOT NULL,
	"day" date NOT NULL,
	"installs" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "install_days_server_name_day_pk" PRIMARY KEY("server_name","day")
);
--> statement-breakpoint
CREATE TABLE "server_readmes" (
	"server_name" text COLLATE "C" PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"markdown" text,
	"reason" text,
	"license" text,
	"default_branch" text,
	"fetched_at" timestamp (6) with time zone NOT NULL,
	"checked_at" timestamp (6) with time zone NOT NULL,
	CONSTRAINT "server_readmes_status_ck" CHECK ("server_readmes"."status" in ('ok', 'none', 'unavailable'))
);
--> statement-breakpoint
ALTER TABLE "install_days" ADD CONSTRAINT "install_days_server_name_servers_name_fk" FOREIGN KEY ("server_name") REFERENCES "public"."servers"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "server_readmes" ADD CONSTRAINT "server_readmes_server_name_servers_name_fk" FOREIGN KEY ("server_name") REFERENCES "public"."servers"("name") ON DELETE cascade ON UPDATE no action;