CREATE TABLE "campaign_callers" (
	"campaign_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "campaign_callers_campaign_id_user_id_pk" PRIMARY KEY("campaign_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"caller_id" uuid,
	"outcome" text NOT NULL,
	"note" text,
	"callback_at" timestamp with time zone,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"unit_id" uuid,
	"state" text DEFAULT 'open' NOT NULL,
	"claimed_by_id" uuid,
	"claimed_at" timestamp with time zone,
	"callback_at" timestamp with time zone,
	"outcome" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_targets_state_chk" CHECK ("campaign_targets"."state" in ('open', 'claimed', 'callback', 'done'))
);
--> statement-breakpoint
CREATE TABLE "member_do_not_call" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"survey_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"name" text NOT NULL,
	"script" text NOT NULL,
	"calling_hours" text NOT NULL,
	"filters" jsonb NOT NULL,
	"retention_days" integer DEFAULT 90 NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	CONSTRAINT "survey_campaigns_status_chk" CHECK ("survey_campaigns"."status" in ('running', 'ended')),
	CONSTRAINT "survey_campaigns_retention_chk" CHECK ("survey_campaigns"."retention_days" between 1 and 730)
);
--> statement-breakpoint
ALTER TABLE "campaign_callers" ADD CONSTRAINT "campaign_callers_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_callers" ADD CONSTRAINT "campaign_callers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_calls" ADD CONSTRAINT "campaign_calls_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_calls" ADD CONSTRAINT "campaign_calls_target_id_campaign_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."campaign_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_calls" ADD CONSTRAINT "campaign_calls_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_calls" ADD CONSTRAINT "campaign_calls_caller_id_users_id_fk" FOREIGN KEY ("caller_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_campaign_id_survey_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."survey_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_targets" ADD CONSTRAINT "campaign_targets_claimed_by_id_users_id_fk" FOREIGN KEY ("claimed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_do_not_call" ADD CONSTRAINT "member_do_not_call_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaigns" ADD CONSTRAINT "survey_campaigns_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaigns" ADD CONSTRAINT "survey_campaigns_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_campaigns" ADD CONSTRAINT "survey_campaigns_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_callers_user_idx" ON "campaign_callers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "campaign_calls_target_idx" ON "campaign_calls" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "campaign_calls_campaign_idx" ON "campaign_calls" USING btree ("campaign_id","caller_id");--> statement-breakpoint
CREATE INDEX "campaign_calls_member_idx" ON "campaign_calls" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_targets_member_uq" ON "campaign_targets" USING btree ("campaign_id","member_id");--> statement-breakpoint
CREATE INDEX "campaign_targets_pool_idx" ON "campaign_targets" USING btree ("campaign_id","state");--> statement-breakpoint
CREATE INDEX "campaign_targets_member_idx" ON "campaign_targets" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "survey_campaigns_survey_idx" ON "survey_campaigns" USING btree ("survey_id");--> statement-breakpoint
CREATE INDEX "survey_campaigns_unit_idx" ON "survey_campaigns" USING btree ("unit_id");