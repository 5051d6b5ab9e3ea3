CREATE TYPE "public"."event_audience" AS ENUM('own_members', 'partner_members', 'state', 'public');--> statement-breakpoint
CREATE TYPE "public"."event_status" AS ENUM('draft', 'published', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."event_type" AS ENUM('neumitgliedertreffen', 'stammtisch', 'workshop', 'podium', 'aktionstag', 'infostand', 'fest', 'klausur', 'mitgliederversammlung', 'online');--> statement-breakpoint
CREATE TYPE "public"."event_participation" AS ENUM('on_site', 'online');--> statement-breakpoint
CREATE TYPE "public"."event_rsvp_status" AS ENUM('unconfirmed', 'confirmed', 'waitlisted', 'cancelled');--> statement-breakpoint
CREATE TABLE "calendar_tokens" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_hosts" (
	"event_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "event_hosts_event_id_unit_id_pk" PRIMARY KEY("event_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "event_rsvps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid,
	"guest_name" text,
	"guest_email" text,
	"confirm_token_hash" text,
	"status" "event_rsvp_status" NOT NULL,
	"participation" "event_participation" DEFAULT 'on_site' NOT NULL,
	"children_ages" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"access_needs" text,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"attended_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_rsvps_person_chk" CHECK (("event_rsvps"."user_id" is not null) <> ("event_rsvps"."guest_email" is not null and "event_rsvps"."guest_name" is not null))
);
--> statement-breakpoint
CREATE TABLE "event_series" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ordinal" smallint NOT NULL,
	"weekday" smallint NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"time_zone" text DEFAULT 'Europe/Berlin' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "event_series_ordinal_chk" CHECK ("event_series"."ordinal" in (-1, 1, 2, 3, 4)),
	CONSTRAINT "event_series_weekday_chk" CHECK ("event_series"."weekday" between 0 and 6)
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" "event_type" NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"has_fixed_end" boolean DEFAULT false NOT NULL,
	"venue_name" text,
	"address" text,
	"transit_directions" text,
	"online_url" text,
	"capacity" integer,
	"audience" "event_audience" DEFAULT 'own_members' NOT NULL,
	"status" "event_status" DEFAULT 'draft' NOT NULL,
	"inclusion" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"series_id" uuid,
	"check_in_code" text NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_time_order_chk" CHECK ("events"."ends_at" > "events"."starts_at"),
	CONSTRAINT "events_capacity_chk" CHECK ("events"."capacity" is null or "events"."capacity" > 0)
);
--> statement-breakpoint
ALTER TABLE "calendar_tokens" ADD CONSTRAINT "calendar_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_hosts" ADD CONSTRAINT "event_hosts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_hosts" ADD CONSTRAINT "event_hosts_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_rsvps" ADD CONSTRAINT "event_rsvps_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_rsvps" ADD CONSTRAINT "event_rsvps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_series" ADD CONSTRAINT "event_series_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_series_id_event_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."event_series"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_tokens_hash_uq" ON "calendar_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "event_hosts_unit_idx" ON "event_hosts" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_rsvps_user_uq" ON "event_rsvps" USING btree ("event_id","user_id") WHERE "event_rsvps"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "event_rsvps_guest_uq" ON "event_rsvps" USING btree ("event_id",lower("guest_email")) WHERE "event_rsvps"."guest_email" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "event_rsvps_confirm_token_uq" ON "event_rsvps" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE INDEX "event_rsvps_event_status_idx" ON "event_rsvps" USING btree ("event_id","status","queued_at");--> statement-breakpoint
CREATE INDEX "events_starts_at_idx" ON "events" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "events_series_idx" ON "events" USING btree ("series_id");