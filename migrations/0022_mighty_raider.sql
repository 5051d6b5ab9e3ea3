CREATE TABLE "unit_kreise" (
	"kreis_ags" text PRIMARY KEY NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "unit_kreise_ags_chk" CHECK ("unit_kreise"."kreis_ags" ~ '^[0-9]{5}$')
);
--> statement-breakpoint
ALTER TABLE "member_imports" ALTER COLUMN "created_by_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "org_units" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "org_units" ADD COLUMN "short_name" text;--> statement-breakpoint
ALTER TABLE "org_units" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "unit_kreise" ADD CONSTRAINT "unit_kreise_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "unit_kreise_unit_idx" ON "unit_kreise" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "org_units_key_uq" ON "org_units" USING btree ("key");