-- Pipelines started before plans existed keep the steps they were given: each gets a plan of its own
-- (with the pipeline's id), made from its steps, and the steps it closed become its progress.
INSERT INTO "onboarding_plans" ("id", "unit_id", "steps_key", "created_at")
SELECT p."id", m."home_unit_id", 'pipeline:' || p."id", p."created_at"
FROM "onboarding_pipelines" p JOIN "members" m ON m."id" = p."member_id";
--> statement-breakpoint
INSERT INTO "onboarding_plan_steps" ("plan_id", "position", "kind", "title", "due_days", "mandatory")
SELECT s."pipeline_id", s."position", s."kind", s."title", s."due_on" - p."entered_on", s."mandatory"
FROM "onboarding_pipeline_steps" s JOIN "onboarding_pipelines" p ON p."id" = s."pipeline_id";
--> statement-breakpoint
INSERT INTO "onboarding_step_progress" ("pipeline_id", "position", "status", "closed_at", "closed_by_id", "event_id")
SELECT "pipeline_id", "position", "status", "closed_at", "closed_by_id", "event_id"
FROM "onboarding_pipeline_steps" WHERE "status" <> 'open';
--> statement-breakpoint
UPDATE "onboarding_pipelines" SET "plan_id" = "id";
