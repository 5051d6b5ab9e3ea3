CREATE TABLE "board_report_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"heading" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"figures" jsonb NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	CONSTRAINT "board_report_sections_kind_chk" CHECK ("board_report_sections"."kind" in ('new_members', 'events', 'help', 'partnerships'))
);
--> statement-breakpoint
CREATE TABLE "board_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"title" text NOT NULL,
	"authors" text NOT NULL,
	"salutation" text NOT NULL,
	"introduction" text DEFAULT '' NOT NULL,
	"outlook" text DEFAULT '' NOT NULL,
	"thanks" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"figures_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"published_by_id" uuid,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_reports_period_chk" CHECK ("board_reports"."period_to" >= "board_reports"."period_from"),
	CONSTRAINT "board_reports_status_chk" CHECK ("board_reports"."status" in ('draft', 'published')),
	CONSTRAINT "board_reports_published_chk" CHECK (("board_reports"."status" = 'published') = ("board_reports"."published_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "board_report_sections" ADD CONSTRAINT "board_report_sections_report_id_board_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."board_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_reports" ADD CONSTRAINT "board_reports_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_reports" ADD CONSTRAINT "board_reports_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_reports" ADD CONSTRAINT "board_reports_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "board_report_sections_position_uq" ON "board_report_sections" USING btree ("report_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "board_report_sections_kind_uq" ON "board_report_sections" USING btree ("report_id","kind");--> statement-breakpoint
CREATE INDEX "board_reports_unit_idx" ON "board_reports" USING btree ("unit_id","period_to");