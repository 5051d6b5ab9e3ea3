CREATE TABLE "election_dates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state_ags" text NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "election_dates_state_chk" CHECK ("election_dates"."state_ags" ~ '^[0-9]{2}$'),
	CONSTRAINT "election_dates_kind_chk" CHECK ("election_dates"."kind" in ('state', 'municipal')),
	CONSTRAINT "election_dates_source_chk" CHECK (length(trim("election_dates"."source")) > 0)
);
--> statement-breakpoint
CREATE TABLE "matchmaking_weights" (
	"factor" text PRIMARY KEY NOT NULL,
	"weight" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matchmaking_weights_range_chk" CHECK ("matchmaking_weights"."weight" between 0 and 10)
);
--> statement-breakpoint
CREATE TABLE "municipal_twin_towns" (
	"municipality_a_ags" text NOT NULL,
	"municipality_b_ags" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "municipal_twin_towns_municipality_a_ags_municipality_b_ags_pk" PRIMARY KEY("municipality_a_ags","municipality_b_ags"),
	CONSTRAINT "municipal_twin_towns_ags_chk" CHECK ("municipal_twin_towns"."municipality_a_ags" ~ '^[0-9]{8}$' and "municipal_twin_towns"."municipality_b_ags" ~ '^[0-9]{8}$' and "municipal_twin_towns"."municipality_a_ags" < "municipal_twin_towns"."municipality_b_ags")
);
--> statement-breakpoint
CREATE TABLE "seeking_profiles" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"looking" boolean DEFAULT true NOT NULL,
	"seeks" text[] DEFAULT '{}'::text[] NOT NULL,
	"offers" text[] DEFAULT '{}'::text[] NOT NULL,
	"preferred_states" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_travel_km" integer,
	"note" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seeking_profiles_travel_chk" CHECK ("seeking_profiles"."max_travel_km" is null or ("seeking_profiles"."max_travel_km" between 10 and 1500))
);
--> statement-breakpoint
ALTER TABLE "seeking_profiles" ADD CONSTRAINT "seeking_profiles_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "election_dates_uq" ON "election_dates" USING btree ("state_ags","kind","held_on");