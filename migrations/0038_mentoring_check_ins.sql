CREATE TABLE "mentoring_check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tandem_id" uuid NOT NULL,
	"author_application_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"format" text NOT NULL,
	"shared_note" text,
	"private_note" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mentoring_check_ins_format_chk" CHECK ("mentoring_check_ins"."format" in ('in_person', 'online'))
);
--> statement-breakpoint
CREATE TABLE "mentoring_goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tandem_id" uuid NOT NULL,
	"text" text NOT NULL,
	"created_by_application_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"reached_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "mentoring_applications" ADD COLUMN "shared_contact" text;--> statement-breakpoint
ALTER TABLE "mentoring_programmes" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD COLUMN "ended_by_application_id" uuid;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD COLUMN "help_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD COLUMN "help_note" text;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mentoring_check_ins" ADD CONSTRAINT "mentoring_check_ins_tandem_id_mentoring_tandems_id_fk" FOREIGN KEY ("tandem_id") REFERENCES "public"."mentoring_tandems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_check_ins" ADD CONSTRAINT "mentoring_check_ins_author_application_id_mentoring_applications_id_fk" FOREIGN KEY ("author_application_id") REFERENCES "public"."mentoring_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_goals" ADD CONSTRAINT "mentoring_goals_tandem_id_mentoring_tandems_id_fk" FOREIGN KEY ("tandem_id") REFERENCES "public"."mentoring_tandems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_goals" ADD CONSTRAINT "mentoring_goals_created_by_application_id_mentoring_applications_id_fk" FOREIGN KEY ("created_by_application_id") REFERENCES "public"."mentoring_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mentoring_check_ins_tandem_idx" ON "mentoring_check_ins" USING btree ("tandem_id","held_on");--> statement-breakpoint
CREATE INDEX "mentoring_goals_tandem_idx" ON "mentoring_goals" USING btree ("tandem_id");--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD CONSTRAINT "mentoring_tandems_ended_by_application_id_mentoring_applications_id_fk" FOREIGN KEY ("ended_by_application_id") REFERENCES "public"."mentoring_applications"("id") ON DELETE no action ON UPDATE no action;