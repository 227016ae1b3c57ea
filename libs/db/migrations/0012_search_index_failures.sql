CREATE TABLE "search_index_failures" (
	"server_name" text COLLATE "C" PRIMARY KEY NOT NULL,
	"version" text NOT NULL,
	"reason" text NOT NULL,
	"source_updated_at" timestamp (6) with time zone NOT NULL,
	"failed_at" timestamp (6) with time zone DEFAULT now() NOT NULL
);
