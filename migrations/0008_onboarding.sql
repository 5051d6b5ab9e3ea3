CREATE TABLE "onboarding_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"attempted_on" date NOT NULL,
	"call_back_on" date,
	"note" text,
	"recorded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "onboarding_contacts_outcome_chk" CHECK ("onboarding_contacts"."outcome" in ('reached', 'not_reached', 'call_back')),
	CONSTRAINT "onboarding_contacts_call_back_chk" CHECK (("onboarding_contacts"."outcome" = 'call_back') = ("onboarding_contacts"."call_back_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "onboarding_pipeline_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pipeline_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"due_on" date NOT NULL,
	"mandatory" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_id" uuid,
	"event_id" uuid,
	CONSTRAINT "onboarding_pipeline_steps_kind_chk" CHECK ("onboarding_pipeline_steps"."kind" in ('welcome_mail', 'welcome_call', 'meeting_invitation', 'buddy', 'questionnaire', 'first_activity', 'custom')),
	CONSTRAINT "onboarding_pipeline_steps_status_chk" CHECK ("onboarding_pipeline_steps"."status" in ('open', 'done', 'skipped')),
	CONSTRAINT "onboarding_pipeline_steps_closed_chk" CHECK (("onboarding_pipeline_steps"."status" = 'open') = ("onboarding_pipeline_steps"."closed_at" is null)),
	CONSTRAINT "onboarding_pipeline_steps_skip_chk" CHECK (not ("onboarding_pipeline_steps"."mandatory" and "onboarding_pipeline_steps"."status" = 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "onboarding_pipelines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"entered_on" date NOT NULL,
	"buddy_member_id" uuid,
	"buddy_assigned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "onboarding_pipelines_buddy_chk" CHECK ("onboarding_pipelines"."buddy_member_id" <> "onboarding_pipelines"."member_id"),
	CONSTRAINT "onboarding_pipelines_buddy_at_chk" CHECK (("onboarding_pipelines"."buddy_member_id" is null) = ("onboarding_pipelines"."buddy_assigned_at" is null))
);
--> statement-breakpoint
CREATE TABLE "onboarding_questionnaires" (
	"pipeline_id" uuid PRIMARY KEY NOT NULL,
	"interests" text[] DEFAULT '{}'::text[] NOT NULL,
	"skill_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"hours_per_month" integer,
	"weekdays" boolean DEFAULT false NOT NULL,
	"evenings" boolean DEFAULT false NOT NULL,
	"weekends" boolean DEFAULT false NOT NULL,
	"message" text,
	"joined_pool" boolean DEFAULT false NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "onboarding_questionnaires_hours_chk" CHECK ("onboarding_questionnaires"."hours_per_month" between 0 and 200)
);
--> statement-breakpoint
CREATE TABLE "onboarding_step_opt_outs" (
	"district_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "onboarding_step_opt_outs_district_id_step_id_pk" PRIMARY KEY("district_id","step_id")
);
--> statement-breakpoint
CREATE TABLE "onboarding_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"due_days" integer NOT NULL,
	"mandatory" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "onboarding_steps_kind_chk" CHECK ("onboarding_steps"."kind" in ('welcome_mail', 'welcome_call', 'meeting_invitation', 'buddy', 'questionnaire', 'first_activity', 'custom')),
	CONSTRAINT "onboarding_steps_due_days_chk" CHECK ("onboarding_steps"."due_days" between 0 and 365),
	CONSTRAINT "onboarding_steps_custom_title_chk" CHECK ("onboarding_steps"."kind" <> 'custom' or "onboarding_steps"."title" is not null)
);
--> statement-breakpoint
CREATE TABLE "onboarding_welcome_texts" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "onboarding_contacts" ADD CONSTRAINT "onboarding_contacts_pipeline_id_onboarding_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."onboarding_pipelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_contacts" ADD CONSTRAINT "onboarding_contacts_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_pipeline_steps" ADD CONSTRAINT "onboarding_pipeline_steps_pipeline_id_onboarding_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."onboarding_pipelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_pipeline_steps" ADD CONSTRAINT "onboarding_pipeline_steps_closed_by_id_users_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_pipeline_steps" ADD CONSTRAINT "onboarding_pipeline_steps_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_pipelines" ADD CONSTRAINT "onboarding_pipelines_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_pipelines" ADD CONSTRAINT "onboarding_pipelines_buddy_member_id_members_id_fk" FOREIGN KEY ("buddy_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_questionnaires" ADD CONSTRAINT "onboarding_questionnaires_pipeline_id_onboarding_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."onboarding_pipelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_opt_outs" ADD CONSTRAINT "onboarding_step_opt_outs_district_id_org_units_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_opt_outs" ADD CONSTRAINT "onboarding_step_opt_outs_step_id_onboarding_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."onboarding_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_opt_outs" ADD CONSTRAINT "onboarding_step_opt_outs_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_steps" ADD CONSTRAINT "onboarding_steps_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_welcome_texts" ADD CONSTRAINT "onboarding_welcome_texts_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_welcome_texts" ADD CONSTRAINT "onboarding_welcome_texts_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "onboarding_contacts_pipeline_idx" ON "onboarding_contacts" USING btree ("pipeline_id","attempted_on");--> statement-breakpoint
CREATE UNIQUE INDEX "onboarding_pipeline_steps_position_uq" ON "onboarding_pipeline_steps" USING btree ("pipeline_id","position");--> statement-breakpoint
CREATE INDEX "onboarding_pipeline_steps_open_idx" ON "onboarding_pipeline_steps" USING btree ("kind","due_on") WHERE "onboarding_pipeline_steps"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "onboarding_pipelines_member_uq" ON "onboarding_pipelines" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "onboarding_pipelines_entered_on_idx" ON "onboarding_pipelines" USING btree ("entered_on");--> statement-breakpoint
CREATE UNIQUE INDEX "onboarding_steps_kind_uq" ON "onboarding_steps" USING btree ("unit_id","kind") WHERE "onboarding_steps"."kind" <> 'custom';--> statement-breakpoint
CREATE INDEX "onboarding_steps_unit_idx" ON "onboarding_steps" USING btree ("unit_id");