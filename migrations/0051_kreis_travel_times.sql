CREATE TABLE "kreis_travel_times" (
	"kreis_a_ags" text NOT NULL,
	"kreis_b_ags" text NOT NULL,
	"minutes" integer NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kreis_travel_times_kreis_a_ags_kreis_b_ags_pk" PRIMARY KEY("kreis_a_ags","kreis_b_ags"),
	CONSTRAINT "kreis_travel_times_chk" CHECK ("kreis_travel_times"."kreis_a_ags" ~ '^[0-9]{5}$' and "kreis_travel_times"."kreis_b_ags" ~ '^[0-9]{5}$' and "kreis_travel_times"."kreis_a_ags" < "kreis_travel_times"."kreis_b_ags" and "kreis_travel_times"."minutes" between 1 and 2000)
);
