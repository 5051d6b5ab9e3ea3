CREATE TABLE "survey_result_counts" (
	"version_id" uuid NOT NULL,
	"question_key" text,
	"unit_id" uuid,
	"option" text,
	"number_value" integer,
	"n" integer NOT NULL,
	CONSTRAINT "survey_result_counts_cell_uq" UNIQUE NULLS NOT DISTINCT("version_id","question_key","unit_id","option","number_value")
);
--> statement-breakpoint
ALTER TABLE "survey_result_counts" ADD CONSTRAINT "survey_result_counts_version_id_survey_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."survey_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_result_counts" ADD CONSTRAINT "survey_result_counts_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;