CREATE TABLE "consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"scope" text NOT NULL,
	"text_version" text NOT NULL,
	"text_hash" text NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "skills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"takes_detail" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 1000 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"message" text,
	"status" text DEFAULT 'applied' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "volunteer_applications_status_chk" CHECK ("volunteer_applications"."status" in ('applied', 'accepted', 'declined'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_profile_skills" (
	"member_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	CONSTRAINT "volunteer_profile_skills_member_id_skill_id_pk" PRIMARY KEY("member_id","skill_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_profiles" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"hours_per_month" integer NOT NULL,
	"weekdays" boolean DEFAULT false NOT NULL,
	"evenings" boolean DEFAULT false NOT NULL,
	"weekends" boolean DEFAULT false NOT NULL,
	"reach" text NOT NULL,
	"reach_km" integer,
	"works_online" boolean DEFAULT false NOT NULL,
	"short_projects" boolean DEFAULT false NOT NULL,
	"languages" text,
	"lat" double precision,
	"lon" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_profiles_reach_chk" CHECK ("volunteer_profiles"."reach" in ('own_kv', 'distance', 'state', 'everywhere', 'online_only')),
	CONSTRAINT "volunteer_profiles_reach_km_chk" CHECK (("volunteer_profiles"."reach" = 'distance') = ("volunteer_profiles"."reach_km" is not null and "volunteer_profiles"."reach_km" > 0)),
	CONSTRAINT "volunteer_profiles_hours_chk" CHECK ("volunteer_profiles"."hours_per_month" between 0 and 200)
);
--> statement-breakpoint
CREATE TABLE "volunteer_project_skills" (
	"project_id" uuid NOT NULL,
	"skill_id" uuid NOT NULL,
	CONSTRAINT "volunteer_project_skills_project_id_skill_id_pk" PRIMARY KEY("project_id","skill_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"created_by_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"weeks" integer NOT NULL,
	"hours" integer NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "volunteer_projects_status_chk" CHECK ("volunteer_projects"."status" in ('open', 'finished'))
);
--> statement-breakpoint
CREATE TABLE "volunteer_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"asked_by_id" uuid NOT NULL,
	"message" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "volunteer_requests_status_chk" CHECK ("volunteer_requests"."status" in ('pending', 'accepted', 'declined'))
);
--> statement-breakpoint
ALTER TABLE "consents" ADD CONSTRAINT "consents_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skills" ADD CONSTRAINT "skills_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_applications" ADD CONSTRAINT "volunteer_applications_project_id_volunteer_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."volunteer_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_applications" ADD CONSTRAINT "volunteer_applications_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_profile_skills" ADD CONSTRAINT "volunteer_profile_skills_member_id_volunteer_profiles_member_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."volunteer_profiles"("member_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_profile_skills" ADD CONSTRAINT "volunteer_profile_skills_skill_id_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."skills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_profiles" ADD CONSTRAINT "volunteer_profiles_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_project_skills" ADD CONSTRAINT "volunteer_project_skills_project_id_volunteer_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."volunteer_projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_project_skills" ADD CONSTRAINT "volunteer_project_skills_skill_id_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."skills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_projects" ADD CONSTRAINT "volunteer_projects_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_projects" ADD CONSTRAINT "volunteer_projects_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_requests" ADD CONSTRAINT "volunteer_requests_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_requests" ADD CONSTRAINT "volunteer_requests_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_requests" ADD CONSTRAINT "volunteer_requests_asked_by_id_users_id_fk" FOREIGN KEY ("asked_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "consents_current_uq" ON "consents" USING btree ("member_id","purpose") WHERE "consents"."withdrawn_at" is null;--> statement-breakpoint
CREATE INDEX "consents_current_purpose_idx" ON "consents" USING btree ("purpose","scope","member_id") WHERE "consents"."withdrawn_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "skills_name_uq" ON "skills" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "volunteer_applications_once_uq" ON "volunteer_applications" USING btree ("project_id","member_id");--> statement-breakpoint
CREATE INDEX "volunteer_applications_member_idx" ON "volunteer_applications" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "volunteer_profile_skills_skill_idx" ON "volunteer_profile_skills" USING btree ("skill_id","member_id");--> statement-breakpoint
CREATE INDEX "volunteer_profiles_lat_lon_idx" ON "volunteer_profiles" USING btree ("lat","lon");--> statement-breakpoint
CREATE INDEX "volunteer_projects_unit_idx" ON "volunteer_projects" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "volunteer_requests_member_idx" ON "volunteer_requests" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "volunteer_requests_asked_by_idx" ON "volunteer_requests" USING btree ("asked_by_id");--> statement-breakpoint
INSERT INTO "skills" ("name", "takes_detail", "sort_order") VALUES
  ('Handwerk', false, 10),
  ('Organisation', false, 20),
  ('Veranstaltungsplanung', false, 30),
  ('Gestaltung/Grafik', false, 40),
  ('Social Media', false, 50),
  ('Foto/Video', false, 60),
  ('Text/Presse', false, 70),
  ('IT', false, 80),
  ('Recht', false, 90),
  ('Finanzen', false, 100),
  ('Sprachen', true, 110),
  ('Moderation', false, 120),
  ('Bildungsarbeit', false, 130),
  ('Kinderbetreuung', false, 140),
  ('Führerschein', false, 150);
