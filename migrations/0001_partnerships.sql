CREATE TYPE "public"."partnership_kind" AS ENUM('partnership', 'friendship', 'project');--> statement-breakpoint
CREATE TYPE "public"."partnership_status" AS ENUM('proposed', 'agreed', 'active', 'dormant', 'ended', 'declined');--> statement-breakpoint
CREATE TABLE "partnership_status_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"from_status" "partnership_status",
	"to_status" "partnership_status" NOT NULL,
	"changed_on" date NOT NULL,
	"changed_by_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partnership_twin_towns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"municipality_a_ags" text NOT NULL,
	"municipality_b_ags" text NOT NULL,
	CONSTRAINT "partnership_twin_towns_ags_chk" CHECK ("partnership_twin_towns"."municipality_a_ags" ~ '^[0-9]{8}$' and "partnership_twin_towns"."municipality_b_ags" ~ '^[0-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "partnerships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_a_id" uuid NOT NULL,
	"unit_b_id" uuid NOT NULL,
	"kind" "partnership_kind" DEFAULT 'partnership' NOT NULL,
	"status" "partnership_status" DEFAULT 'proposed' NOT NULL,
	"started_on" date,
	"story" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"coordinator_a_member_id" uuid,
	"coordinator_b_member_id" uuid,
	"coordinator_a_email_public" boolean DEFAULT false NOT NULL,
	"coordinator_b_email_public" boolean DEFAULT false NOT NULL,
	"is_public" boolean DEFAULT true NOT NULL,
	"proposed_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnerships_not_self_chk" CHECK ("partnerships"."unit_a_id" <> "partnerships"."unit_b_id")
);
--> statement-breakpoint
ALTER TABLE "partnership_status_changes" ADD CONSTRAINT "partnership_status_changes_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_status_changes" ADD CONSTRAINT "partnership_status_changes_changed_by_id_users_id_fk" FOREIGN KEY ("changed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_twin_towns" ADD CONSTRAINT "partnership_twin_towns_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_unit_a_id_org_units_id_fk" FOREIGN KEY ("unit_a_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_unit_b_id_org_units_id_fk" FOREIGN KEY ("unit_b_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_coordinator_a_member_id_members_id_fk" FOREIGN KEY ("coordinator_a_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_coordinator_b_member_id_members_id_fk" FOREIGN KEY ("coordinator_b_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnerships" ADD CONSTRAINT "partnerships_proposed_by_id_users_id_fk" FOREIGN KEY ("proposed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "partnership_status_changes_partnership_idx" ON "partnership_status_changes" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "partnership_twin_towns_partnership_idx" ON "partnership_twin_towns" USING btree ("partnership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partnerships_open_pair_uq" ON "partnerships" USING btree (least("unit_a_id", "unit_b_id"),greatest("unit_a_id", "unit_b_id")) WHERE "partnerships"."status" in ('proposed', 'agreed', 'active', 'dormant');--> statement-breakpoint
CREATE INDEX "partnerships_unit_a_idx" ON "partnerships" USING btree ("unit_a_id");--> statement-breakpoint
CREATE INDEX "partnerships_unit_b_idx" ON "partnerships" USING btree ("unit_b_id");--> statement-breakpoint
CREATE INDEX "partnerships_status_idx" ON "partnerships" USING btree ("status");