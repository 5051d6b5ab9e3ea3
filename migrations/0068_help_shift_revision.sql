ALTER TABLE "help_shifts" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "help_shifts" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;