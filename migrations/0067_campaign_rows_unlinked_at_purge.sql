ALTER TABLE "campaign_calls" ALTER COLUMN "member_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_targets" ALTER COLUMN "member_id" DROP NOT NULL;