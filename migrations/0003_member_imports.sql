CREATE TABLE "member_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"mode" text NOT NULL,
	"rows_total" integer NOT NULL,
	"inserted" integer NOT NULL,
	"updated" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"skipped" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_imports_mode_chk" CHECK ("member_imports"."mode" in ('all-or-nothing', 'good-only')),
	CONSTRAINT "member_imports_counts_chk" CHECK ("member_imports"."inserted" + "member_imports"."updated" + "member_imports"."unchanged" + "member_imports"."skipped" = "member_imports"."rows_total")
);
--> statement-breakpoint
ALTER TABLE "member_imports" ADD CONSTRAINT "member_imports_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_imports_created_at_idx" ON "member_imports" USING btree ("created_at");