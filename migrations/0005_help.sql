CREATE TABLE "donation_drives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"collecting_unit_id" uuid NOT NULL,
	"beneficiary_unit_id" uuid NOT NULL,
	"request_id" uuid,
	"title" text NOT NULL,
	"description" text,
	"target_cents" integer NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donation_drives_target_chk" CHECK ("donation_drives"."target_cents" > 0),
	CONSTRAINT "donation_drives_not_self_chk" CHECK ("donation_drives"."collecting_unit_id" <> "donation_drives"."beneficiary_unit_id")
);
--> statement-breakpoint
CREATE TABLE "donation_pledges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"drive_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"amount_cents" integer NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'promised' NOT NULL,
	"received_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donation_pledges_amount_chk" CHECK ("donation_pledges"."amount_cents" > 0),
	CONSTRAINT "donation_pledges_status_chk" CHECK ("donation_pledges"."status" in ('promised', 'received'))
);
--> statement-breakpoint
CREATE TABLE "help_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"helper_unit_id" uuid NOT NULL,
	"helped_unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"helped_on" date NOT NULL,
	"people" integer DEFAULT 0 NOT NULL,
	"person_minutes" integer DEFAULT 0 NOT NULL,
	"euro_cents" integer DEFAULT 0 NOT NULL,
	"municipality_ags" text,
	"note" text,
	"request_id" uuid,
	"shift_id" uuid,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_records_not_self_chk" CHECK ("help_records"."helper_unit_id" <> "help_records"."helped_unit_id"),
	CONSTRAINT "help_records_amounts_chk" CHECK ("help_records"."people" >= 0 and "help_records"."person_minutes" >= 0 and "help_records"."euro_cents" >= 0),
	CONSTRAINT "help_records_ags_chk" CHECK ("help_records"."municipality_ags" is null or "help_records"."municipality_ags" ~ '^[0-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "help_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"direction" text DEFAULT 'request' NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"municipality_ags" text NOT NULL,
	"visibility" text DEFAULT 'partners' NOT NULL,
	"contact_member_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_requests_ags_chk" CHECK ("help_requests"."municipality_ags" ~ '^[0-9]{8}$'),
	CONSTRAINT "help_requests_kind_chk" CHECK ("help_requests"."kind" in ('haustuerwahlkampf', 'plakatieren', 'flyer', 'infostand', 'fest', 'wahlparty', 'workshop', 'other')),
	CONSTRAINT "help_requests_direction_chk" CHECK ("help_requests"."direction" in ('request', 'offer')),
	CONSTRAINT "help_requests_visibility_chk" CHECK ("help_requests"."visibility" in ('partners', 'state', 'party')),
	CONSTRAINT "help_requests_status_chk" CHECK ("help_requests"."status" in ('open', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "help_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"meeting_point" text NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "help_shifts_times_chk" CHECK ("help_shifts"."ends_at" > "help_shifts"."starts_at"),
	CONSTRAINT "help_shifts_capacity_chk" CHECK ("help_shifts"."capacity" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "help_signups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shift_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"status" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attended" boolean,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_signups_status_chk" CHECK ("help_signups"."status" in ('confirmed', 'waitlisted', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "help_travel" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"place" text NOT NULL,
	"places" integer DEFAULT 1 NOT NULL,
	"departs_at" timestamp with time zone,
	"nights" text,
	"note" text,
	"offer_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_travel_kind_chk" CHECK ("help_travel"."kind" in ('ride_offer', 'ride_wanted', 'bed_offer', 'bed_wanted')),
	CONSTRAINT "help_travel_places_chk" CHECK ("help_travel"."places" between 1 and 50)
);
--> statement-breakpoint
ALTER TABLE "donation_drives" ADD CONSTRAINT "donation_drives_collecting_unit_id_org_units_id_fk" FOREIGN KEY ("collecting_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_drives" ADD CONSTRAINT "donation_drives_beneficiary_unit_id_org_units_id_fk" FOREIGN KEY ("beneficiary_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_drives" ADD CONSTRAINT "donation_drives_request_id_help_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."help_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_drives" ADD CONSTRAINT "donation_drives_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_pledges" ADD CONSTRAINT "donation_pledges_drive_id_donation_drives_id_fk" FOREIGN KEY ("drive_id") REFERENCES "public"."donation_drives"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_pledges" ADD CONSTRAINT "donation_pledges_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_records" ADD CONSTRAINT "help_records_helper_unit_id_org_units_id_fk" FOREIGN KEY ("helper_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_records" ADD CONSTRAINT "help_records_helped_unit_id_org_units_id_fk" FOREIGN KEY ("helped_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_records" ADD CONSTRAINT "help_records_request_id_help_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."help_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_records" ADD CONSTRAINT "help_records_shift_id_help_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."help_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_records" ADD CONSTRAINT "help_records_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_contact_member_id_members_id_fk" FOREIGN KEY ("contact_member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_shifts" ADD CONSTRAINT "help_shifts_request_id_help_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."help_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_signups" ADD CONSTRAINT "help_signups_shift_id_help_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."help_shifts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_signups" ADD CONSTRAINT "help_signups_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_travel" ADD CONSTRAINT "help_travel_request_id_help_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."help_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_travel" ADD CONSTRAINT "help_travel_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "donation_drives_collecting_idx" ON "donation_drives" USING btree ("collecting_unit_id");--> statement-breakpoint
CREATE INDEX "donation_drives_beneficiary_idx" ON "donation_drives" USING btree ("beneficiary_unit_id");--> statement-breakpoint
CREATE INDEX "donation_pledges_drive_idx" ON "donation_pledges" USING btree ("drive_id");--> statement-breakpoint
CREATE UNIQUE INDEX "help_records_shift_helper_uq" ON "help_records" USING btree ("shift_id","helper_unit_id") WHERE "help_records"."shift_id" is not null;--> statement-breakpoint
CREATE INDEX "help_records_pair_idx" ON "help_records" USING btree ("helper_unit_id","helped_unit_id");--> statement-breakpoint
CREATE INDEX "help_requests_unit_idx" ON "help_requests" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "help_requests_status_idx" ON "help_requests" USING btree ("status");--> statement-breakpoint
CREATE INDEX "help_shifts_request_idx" ON "help_shifts" USING btree ("request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "help_signups_shift_member_uq" ON "help_signups" USING btree ("shift_id","member_id");--> statement-breakpoint
CREATE INDEX "help_signups_shift_status_idx" ON "help_signups" USING btree ("shift_id","status","queued_at");--> statement-breakpoint
CREATE INDEX "help_signups_member_idx" ON "help_signups" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "help_travel_request_idx" ON "help_travel" USING btree ("request_id");