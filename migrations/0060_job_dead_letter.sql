ALTER TABLE "job_schedule" ADD COLUMN "failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "job_schedule" ADD COLUMN "parked_at" timestamp with time zone;