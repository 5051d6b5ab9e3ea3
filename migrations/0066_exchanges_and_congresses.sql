CREATE TABLE "federal_congresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "federal_congresses_days_chk" CHECK ("federal_congresses"."ends_on" >= "federal_congresses"."starts_on"),
	CONSTRAINT "federal_congresses_source_chk" CHECK (length(trim("federal_congresses"."source")) > 0)
);
--> statement-breakpoint
CREATE TABLE "partnership_exchanges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partnership_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"note" text NOT NULL,
	"recorded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partnership_exchanges_kind_chk" CHECK ("partnership_exchanges"."kind" in ('consultation', 'information', 'materials')),
	CONSTRAINT "partnership_exchanges_note_chk" CHECK (length(trim("partnership_exchanges"."note")) > 0)
);
--> statement-breakpoint
ALTER TABLE "partnership_exchanges" ADD CONSTRAINT "partnership_exchanges_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_exchanges" ADD CONSTRAINT "partnership_exchanges_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_exchanges" ADD CONSTRAINT "partnership_exchanges_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "federal_congresses_starts_uq" ON "federal_congresses" USING btree ("starts_on");--> statement-breakpoint
CREATE INDEX "partnership_exchanges_partnership_idx" ON "partnership_exchanges" USING btree ("partnership_id","held_on");