CREATE TABLE "mentoring_programme_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mentoring_programme_events_kind_chk" CHECK ("mentoring_programme_events"."kind" in ('kick_off', 'workshop', 'meeting', 'closing'))
);
--> statement-breakpoint
ALTER TABLE "mentoring_programme_events" ADD CONSTRAINT "mentoring_programme_events_programme_id_mentoring_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."mentoring_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_programme_events" ADD CONSTRAINT "mentoring_programme_events_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_programme_events_uq" ON "mentoring_programme_events" USING btree ("programme_id","event_id");--> statement-breakpoint
CREATE INDEX "mentoring_programme_events_event_idx" ON "mentoring_programme_events" USING btree ("event_id");