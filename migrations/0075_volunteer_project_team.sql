ALTER TABLE "volunteer_projects" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "volunteer_projects" ADD CONSTRAINT "volunteer_projects_team_id_teams_unit_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("unit_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "volunteer_projects_team_idx" ON "volunteer_projects" USING btree ("team_id");