CREATE TABLE "playbook_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"visibility" text NOT NULL,
	"template_for" text,
	"template_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"partnership_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbook_entries_kind_chk" CHECK ("playbook_entries"."kind" in ('article', 'template', 'story')),
	CONSTRAINT "playbook_entries_visibility_chk" CHECK ("playbook_entries"."visibility" in ('public', 'members', 'boards')),
	CONSTRAINT "playbook_entries_template_chk" CHECK (("playbook_entries"."kind" = 'template') = ("playbook_entries"."template_for" is not null))
);
--> statement-breakpoint
CREATE TABLE "playbook_images" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "playbook_images_type_chk" CHECK ("playbook_images"."content_type" in ('image/png', 'image/jpeg', 'image/gif', 'image/webp'))
);
--> statement-breakpoint
CREATE TABLE "playbook_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"entry_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"tags" text[] NOT NULL,
	"visibility" text NOT NULL,
	"template_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"edited_by_id" uuid,
	"edited_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "playbook_entries" ADD CONSTRAINT "playbook_entries_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_entries" ADD CONSTRAINT "playbook_entries_partnership_id_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnerships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_entries" ADD CONSTRAINT "playbook_entries_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_images" ADD CONSTRAINT "playbook_images_entry_id_playbook_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."playbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_images" ADD CONSTRAINT "playbook_images_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_versions" ADD CONSTRAINT "playbook_versions_entry_id_playbook_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."playbook_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "playbook_versions" ADD CONSTRAINT "playbook_versions_edited_by_id_users_id_fk" FOREIGN KEY ("edited_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "playbook_entries_search_idx" ON "playbook_entries" USING gin (to_tsvector('german', "title" || ' ' || "summary" || ' ' || "body"));--> statement-breakpoint
CREATE INDEX "playbook_entries_tags_idx" ON "playbook_entries" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "playbook_entries_partnership_idx" ON "playbook_entries" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "playbook_images_entry_idx" ON "playbook_images" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "playbook_versions_entry_version_uq" ON "playbook_versions" USING btree ("entry_id","version");