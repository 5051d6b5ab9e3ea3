CREATE TABLE "mentoring_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"role" text NOT NULL,
	"motivation" text NOT NULL,
	"goals" text NOT NULL,
	"topics" text[] NOT NULL,
	"formats" text[] NOT NULL,
	"region" text DEFAULT '' NOT NULL,
	"languages" text[] NOT NULL,
	"availability" text[] NOT NULL,
	"avoid_own_kv" boolean DEFAULT false NOT NULL,
	"self_description" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_id" uuid,
	"withdrawn_at" timestamp with time zone,
	CONSTRAINT "mentoring_applications_role_chk" CHECK ("mentoring_applications"."role" in ('mentee', 'mentor')),
	CONSTRAINT "mentoring_applications_status_chk" CHECK ("mentoring_applications"."status" in ('submitted', 'accepted', 'waitlisted', 'declined', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "mentoring_coordinators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"granted_by_id" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"target_groups" text DEFAULT '' NOT NULL,
	"topics" text[] NOT NULL,
	"apply_from" date NOT NULL,
	"apply_until" date NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"capacity" integer NOT NULL,
	"reminder_weeks" integer DEFAULT 4 NOT NULL,
	"erase_after_days" integer DEFAULT 90 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_programmes_window_chk" CHECK ("mentoring_programmes"."apply_from" <= "mentoring_programmes"."apply_until"),
	CONSTRAINT "mentoring_programmes_cohort_chk" CHECK ("mentoring_programmes"."starts_on" <= "mentoring_programmes"."ends_on"),
	CONSTRAINT "mentoring_programmes_capacity_chk" CHECK ("mentoring_programmes"."capacity" between 1 and 1000),
	CONSTRAINT "mentoring_programmes_reminder_chk" CHECK ("mentoring_programmes"."reminder_weeks" between 1 and 26),
	CONSTRAINT "mentoring_programmes_erase_chk" CHECK ("mentoring_programmes"."erase_after_days" between 0 and 730)
);
--> statement-breakpoint
ALTER TABLE "mentoring_applications" ADD CONSTRAINT "mentoring_applications_programme_id_mentoring_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."mentoring_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_applications" ADD CONSTRAINT "mentoring_applications_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_applications" ADD CONSTRAINT "mentoring_applications_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_coordinators" ADD CONSTRAINT "mentoring_coordinators_programme_id_mentoring_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."mentoring_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_coordinators" ADD CONSTRAINT "mentoring_coordinators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_coordinators" ADD CONSTRAINT "mentoring_coordinators_granted_by_id_users_id_fk" FOREIGN KEY ("granted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_programmes" ADD CONSTRAINT "mentoring_programmes_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_programmes" ADD CONSTRAINT "mentoring_programmes_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_applications_current_uq" ON "mentoring_applications" USING btree ("programme_id","member_id") WHERE "mentoring_applications"."status" in ('submitted', 'accepted', 'waitlisted');--> statement-breakpoint
CREATE INDEX "mentoring_applications_member_idx" ON "mentoring_applications" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_coordinators_uq" ON "mentoring_coordinators" USING btree ("programme_id","user_id");--> statement-breakpoint
CREATE INDEX "mentoring_programmes_unit_idx" ON "mentoring_programmes" USING btree ("unit_id");