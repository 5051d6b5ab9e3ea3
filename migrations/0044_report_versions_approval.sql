CREATE TABLE "board_report_settings" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "board_report_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"texts" jsonb NOT NULL,
	"saved_by_id" uuid,
	"saved_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "board_reports" ADD COLUMN "last_edited_by_id" uuid;--> statement-breakpoint
ALTER TABLE "board_reports" ADD COLUMN "approved_by_id" uuid;--> statement-breakpoint
ALTER TABLE "board_reports" ADD COLUMN "approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "board_report_settings" ADD CONSTRAINT "board_report_settings_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_report_settings" ADD CONSTRAINT "board_report_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_report_versions" ADD CONSTRAINT "board_report_versions_report_id_board_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."board_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_report_versions" ADD CONSTRAINT "board_report_versions_saved_by_id_users_id_fk" FOREIGN KEY ("saved_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "board_report_versions_uq" ON "board_report_versions" USING btree ("report_id","version");--> statement-breakpoint
ALTER TABLE "board_reports" ADD CONSTRAINT "board_reports_last_edited_by_id_users_id_fk" FOREIGN KEY ("last_edited_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_reports" ADD CONSTRAINT "board_reports_approved_by_id_users_id_fk" FOREIGN KEY ("approved_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;