CREATE TABLE "onboarding_plan_steps" (
	"plan_id" uuid,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"due_days" integer NOT NULL,
	"mandatory" boolean DEFAULT false NOT NULL,
	CONSTRAINT "onboarding_plan_steps_plan_id_position_pk" PRIMARY KEY("plan_id","position"),
	CONSTRAINT "onboarding_plan_steps_kind_chk" CHECK ("onboarding_plan_steps"."kind" in ('welcome_mail', 'welcome_call', 'meeting_invitation', 'buddy', 'questionnaire', 'first_activity', 'custom')),
	CONSTRAINT "onboarding_plan_steps_due_days_chk" CHECK ("onboarding_plan_steps"."due_days" between 0 and 365)
);
--> statement-breakpoint
CREATE TABLE "onboarding_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"steps_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "onboarding_step_progress" (
	"pipeline_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"status" text NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"closed_by_id" uuid,
	"event_id" uuid,
	CONSTRAINT "onboarding_step_progress_pipeline_id_position_pk" PRIMARY KEY("pipeline_id","position"),
	CONSTRAINT "onboarding_step_progress_status_chk" CHECK ("onboarding_step_progress"."status" in ('done', 'skipped'))
);
--> statement-breakpoint
ALTER TABLE "onboarding_pipelines" ADD COLUMN "plan_id" uuid;--> statement-breakpoint
ALTER TABLE "onboarding_plan_steps" ADD CONSTRAINT "onboarding_plan_steps_plan_id_onboarding_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."onboarding_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_plans" ADD CONSTRAINT "onboarding_plans_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_progress" ADD CONSTRAINT "onboarding_step_progress_pipeline_id_onboarding_pipelines_id_fk" FOREIGN KEY ("pipeline_id") REFERENCES "public"."onboarding_pipelines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_progress" ADD CONSTRAINT "onboarding_step_progress_closed_by_id_users_id_fk" FOREIGN KEY ("closed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_step_progress" ADD CONSTRAINT "onboarding_step_progress_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "onboarding_plans_unit_key_uq" ON "onboarding_plans" USING btree ("unit_id","steps_key");--> statement-breakpoint
ALTER TABLE "onboarding_pipelines" ADD CONSTRAINT "onboarding_pipelines_plan_id_onboarding_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."onboarding_plans"("id") ON DELETE no action ON UPDATE no action;