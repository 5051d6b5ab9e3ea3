ALTER TABLE "help_requests" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "help_requests" ADD CONSTRAINT "help_requests_team_id_teams_unit_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("unit_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "help_requests_team_idx" ON "help_requests" USING btree ("team_id");