ALTER TABLE "member_imports" DROP CONSTRAINT "member_imports_counts_chk";--> statement-breakpoint
ALTER TABLE "member_imports" ADD COLUMN "erased" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "member_number_hash" text;--> statement-breakpoint
CREATE INDEX "members_number_hash_idx" ON "members" USING btree ("member_number_hash") WHERE "members"."member_number_hash" is not null;--> statement-breakpoint
CREATE INDEX "members_left_on_idx" ON "members" USING btree ("left_on") WHERE "members"."left_on" is not null and "members"."erased_at" is null;--> statement-breakpoint
ALTER TABLE "member_imports" ADD CONSTRAINT "member_imports_counts_chk" CHECK ("member_imports"."inserted" + "member_imports"."updated" + "member_imports"."unchanged" + "member_imports"."skipped" + "member_imports"."erased" = "member_imports"."rows_total");