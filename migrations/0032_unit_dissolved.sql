ALTER TABLE "org_units" ADD COLUMN "dissolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "org_units" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_merged_into_id_org_units_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_units" ADD CONSTRAINT "org_units_merged_chk" CHECK ("org_units"."merged_into_id" is null or "org_units"."dissolved_at" is not null);