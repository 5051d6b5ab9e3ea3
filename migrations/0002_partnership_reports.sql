CREATE TYPE "public"."partnership_report_status" AS ENUM('pending', 'accepted', 'rejected');--> statement-breakpoint
CREATE TABLE "partnership_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reporter_name" text NOT NULL,
	"reporter_email" text NOT NULL,
	"unit_a_text" text NOT NULL,
	"unit_a_id" uuid,
	"unit_b_text" text NOT NULL,
	"unit_b_id" uuid,
	"message" text NOT NULL,
	"partnership_id" uuid,
	"status" "partnership_report_status" DEFAULT 'pending' NOT NULL,
	"decision_reason" text,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnership_reports_reason_chk" CHECK ("partnership_reports"."status" <> 'rejected' or coalesce(length(trim("partnership_reports"."decision_reason")), 0) > 0)
);
--> statement-breakpoint
ALTER TABLE "partnership_reports" ADD CONSTRAINT "partnership_reports_unit_a_id_org_units_id_fk" FOREIGN KEY ("unit_a_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_reports" ADD CONSTRAINT "partnership_reports_unit_b_id_org_units_id_fk" FOREIGN KEY ("unit_b_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_reports" ADD CONSTRAINT "partnership_reports_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_reports" ADD CONSTRAINT "partnership_reports_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partnership_reports_status_idx" ON "partnership_reports" USING btree ("status");