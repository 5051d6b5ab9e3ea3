ALTER TABLE "events" ADD COLUMN "host_team_id" uuid;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_host_team_id_teams_unit_id_fk" FOREIGN KEY ("host_team_id") REFERENCES "public"."teams"("unit_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_host_team_idx" ON "events" USING btree ("host_team_id");