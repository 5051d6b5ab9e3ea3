CREATE TYPE "public"."measure_status" AS ENUM('open', 'in_progress', 'done', 'dropped');--> statement-breakpoint
CREATE TYPE "public"."resolution_line_kind" AS ENUM('text', 'heading', 'item');--> statement-breakpoint
CREATE TYPE "public"."resolution_visibility" AS ENUM('members', 'public');--> statement-breakpoint
CREATE TABLE "resolution_addressees" (
	"resolution_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "resolution_addressees_resolution_id_unit_id_pk" PRIMARY KEY("resolution_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "resolution_lines" (
	"resolution_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" "resolution_line_kind" NOT NULL,
	"level" smallint DEFAULT 0 NOT NULL,
	"paragraph_start" boolean DEFAULT false NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "resolution_lines_resolution_id_number_pk" PRIMARY KEY("resolution_id","number"),
	CONSTRAINT "resolution_lines_number_chk" CHECK ("resolution_lines"."number" > 0),
	CONSTRAINT "resolution_lines_level_chk" CHECK ("resolution_lines"."level" between 0 and 6)
);
--> statement-breakpoint
CREATE TABLE "resolution_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resolution_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"title" text NOT NULL,
	"from_line" integer NOT NULL,
	"to_line" integer NOT NULL,
	"quote" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"responsible_note" text,
	"due_on" date,
	"due_text" text,
	"status" "measure_status" DEFAULT 'open' NOT NULL,
	"progress" smallint DEFAULT 0 NOT NULL,
	"indicator" text,
	"indicator_target" integer,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resolution_measures_lines_chk" CHECK ("resolution_measures"."from_line" > 0 and "resolution_measures"."to_line" >= "resolution_measures"."from_line"),
	CONSTRAINT "resolution_measures_progress_chk" CHECK ("resolution_measures"."progress" between 0 and 100),
	CONSTRAINT "resolution_measures_indicator_chk" CHECK (("resolution_measures"."indicator" is null) = ("resolution_measures"."indicator_target" is null) and coalesce("resolution_measures"."indicator_target", 1) > 0)
);
--> statement-breakpoint
CREATE TABLE "resolution_progress_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"measure_id" uuid NOT NULL,
	"note" text NOT NULL,
	"status" "measure_status" NOT NULL,
	"progress" smallint NOT NULL,
	"evidence_url" text,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resolution_progress_notes_progress_chk" CHECK ("resolution_progress_notes"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "resolutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"code" text,
	"title" text NOT NULL,
	"committee" text,
	"decided_on" date,
	"agenda_item" text,
	"visibility" "resolution_visibility" DEFAULT 'members' NOT NULL,
	"numbered" boolean NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resolutions_title_chk" CHECK (length("resolutions"."title") between 1 and 300)
);
--> statement-breakpoint
ALTER TABLE "resolution_addressees" ADD CONSTRAINT "resolution_addressees_resolution_id_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_addressees" ADD CONSTRAINT "resolution_addressees_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_lines" ADD CONSTRAINT "resolution_lines_resolution_id_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_measures" ADD CONSTRAINT "resolution_measures_resolution_id_resolutions_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_measures" ADD CONSTRAINT "resolution_measures_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_measures" ADD CONSTRAINT "resolution_measures_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_progress_notes" ADD CONSTRAINT "resolution_progress_notes_measure_id_resolution_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."resolution_measures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_progress_notes" ADD CONSTRAINT "resolution_progress_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resolution_addressees_unit_idx" ON "resolution_addressees" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "resolution_measures_resolution_idx" ON "resolution_measures" USING btree ("resolution_id");--> statement-breakpoint
CREATE INDEX "resolution_measures_unit_idx" ON "resolution_measures" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "resolution_measures_group_unit_uq" ON "resolution_measures" USING btree ("group_id","unit_id");--> statement-breakpoint
CREATE INDEX "resolution_progress_notes_measure_idx" ON "resolution_progress_notes" USING btree ("measure_id","created_at");--> statement-breakpoint
CREATE INDEX "resolutions_unit_idx" ON "resolutions" USING btree ("unit_id");