DROP INDEX "campaign_targets_pool_idx";--> statement-breakpoint
CREATE INDEX "campaign_targets_open_idx" ON "campaign_targets" USING btree ("campaign_id","attempts") WHERE "campaign_targets"."state" = 'open';--> statement-breakpoint
CREATE INDEX "campaign_targets_callback_idx" ON "campaign_targets" USING btree ("campaign_id","callback_at") WHERE "campaign_targets"."state" = 'callback';--> statement-breakpoint
CREATE INDEX "campaign_targets_claimed_idx" ON "campaign_targets" USING btree ("campaign_id","claimed_by_id") WHERE "campaign_targets"."state" = 'claimed';