ALTER TABLE "onboarding_pipeline_steps" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "onboarding_pipeline_steps" CASCADE;--> statement-breakpoint
ALTER TABLE "onboarding_pipelines" ALTER COLUMN "plan_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "onboarding_plan_steps" ALTER COLUMN "plan_id" SET NOT NULL;