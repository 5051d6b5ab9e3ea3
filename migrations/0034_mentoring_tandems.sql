CREATE TABLE "mentoring_tandems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"mentee_application_id" uuid NOT NULL,
	"mentor_application_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"score" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"by_hand" boolean DEFAULT false NOT NULL,
	"paired_by_id" uuid,
	"paired_at" timestamp with time zone NOT NULL,
	"dissolved_at" timestamp with time zone,
	"dissolved_by_id" uuid,
	CONSTRAINT "mentoring_tandems_two_people_chk" CHECK ("mentoring_tandems"."mentee_application_id" <> "mentoring_tandems"."mentor_application_id"),
	CONSTRAINT "mentoring_tandems_status_chk" CHECK ("mentoring_tandems"."status" in ('active', 'dissolved', 'ended_early', 'completed'))
);
--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD CONSTRAINT "mentoring_tandems_programme_id_mentoring_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."mentoring_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD CONSTRAINT "mentoring_tandems_mentee_application_id_mentoring_applications_id_fk" FOREIGN KEY ("mentee_application_id") REFERENCES "public"."mentoring_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD CONSTRAINT "mentoring_tandems_mentor_application_id_mentoring_applications_id_fk" FOREIGN KEY ("mentor_application_id") REFERENCES "public"."mentoring_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD CONSTRAINT "mentoring_tandems_paired_by_id_users_id_fk" FOREIGN KEY ("paired_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_tandems" ADD CONSTRAINT "mentoring_tandems_dissolved_by_id_users_id_fk" FOREIGN KEY ("dissolved_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_tandems_mentee_uq" ON "mentoring_tandems" USING btree ("mentee_application_id") WHERE "mentoring_tandems"."status" <> 'dissolved';--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_tandems_mentor_uq" ON "mentoring_tandems" USING btree ("mentor_application_id") WHERE "mentoring_tandems"."status" <> 'dissolved';--> statement-breakpoint
CREATE INDEX "mentoring_tandems_programme_idx" ON "mentoring_tandems" USING btree ("programme_id");