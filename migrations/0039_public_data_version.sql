CREATE TABLE "public_data_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "public_data_version_one_row" CHECK ("public_data_version"."id")
);
