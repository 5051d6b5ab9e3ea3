CREATE TYPE "public"."agreement_side" AS ENUM('a', 'b');--> statement-breakpoint
CREATE TYPE "public"."agreement_clause_type" AS ENUM('retreat', 'coordinators', 'minutes', 'links', 'consultation', 'information', 'text');--> statement-breakpoint
CREATE TABLE "agreement_ratifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"side" "agreement_side" NOT NULL,
	"body" text NOT NULL,
	"ratified_on" date NOT NULL,
	"place" text NOT NULL,
	"recorded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreement_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"commitment" text NOT NULL,
	"period" text NOT NULL,
	"kind" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "agreement_reminders_kind_chk" CHECK ("agreement_reminders"."kind" in ('upcoming', 'overdue'))
);
--> statement-breakpoint
CREATE TABLE "agreement_template_clauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"type" "agreement_clause_type" NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreement_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreement_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"clauses" jsonb NOT NULL,
	"author_user_id" uuid,
	"author_name" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"template_id" uuid,
	"title" text NOT NULL,
	"is_published" boolean DEFAULT false NOT NULL,
	"latest_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partnership_link_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"confirmed_on" date NOT NULL,
	"confirmed_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "partnership_minutes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"from_unit_id" uuid NOT NULL,
	"meeting_on" date NOT NULL,
	"shared_at" timestamp with time zone NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"shared_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "partnership_retreats" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"held_on" date NOT NULL,
	"host_unit_id" uuid NOT NULL,
	"place" text NOT NULL,
	"notes" text,
	"recorded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_ratifications" ADD CONSTRAINT "agreement_ratifications_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_ratifications" ADD CONSTRAINT "agreement_ratifications_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_reminders" ADD CONSTRAINT "agreement_reminders_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_template_clauses" ADD CONSTRAINT "agreement_template_clauses_template_id_agreement_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."agreement_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD CONSTRAINT "agreement_versions_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_versions" ADD CONSTRAINT "agreement_versions_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_template_id_agreement_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."agreement_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_link_confirmations" ADD CONSTRAINT "partnership_link_confirmations_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_link_confirmations" ADD CONSTRAINT "partnership_link_confirmations_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_link_confirmations" ADD CONSTRAINT "partnership_link_confirmations_confirmed_by_id_users_id_fk" FOREIGN KEY ("confirmed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_minutes" ADD CONSTRAINT "partnership_minutes_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_minutes" ADD CONSTRAINT "partnership_minutes_from_unit_id_org_units_id_fk" FOREIGN KEY ("from_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_minutes" ADD CONSTRAINT "partnership_minutes_shared_by_id_users_id_fk" FOREIGN KEY ("shared_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_retreats" ADD CONSTRAINT "partnership_retreats_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_retreats" ADD CONSTRAINT "partnership_retreats_host_unit_id_org_units_id_fk" FOREIGN KEY ("host_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_retreats" ADD CONSTRAINT "partnership_retreats_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_ratifications_side_uq" ON "agreement_ratifications" USING btree ("agreement_id","version_number","side");--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_reminders_once_uq" ON "agreement_reminders" USING btree ("agreement_id","commitment","period","kind");--> statement-breakpoint
CREATE INDEX "agreement_template_clauses_template_idx" ON "agreement_template_clauses" USING btree ("template_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_templates_default_uq" ON "agreement_templates" USING btree ("is_default") WHERE "agreement_templates"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "agreement_versions_number_uq" ON "agreement_versions" USING btree ("agreement_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "agreements_partnership_uq" ON "agreements" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "partnership_link_confirmations_partnership_idx" ON "partnership_link_confirmations" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "partnership_minutes_partnership_idx" ON "partnership_minutes" USING btree ("partnership_id","shared_at");--> statement-breakpoint
CREATE INDEX "partnership_retreats_partnership_idx" ON "partnership_retreats" USING btree ("partnership_id","held_on");