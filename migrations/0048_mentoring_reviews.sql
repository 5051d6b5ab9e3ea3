CREATE TABLE "mentoring_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tandem_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"tandem_rating" integer NOT NULL,
	"programme_rating" integer NOT NULL,
	"tandem_comment" text,
	"programme_comment" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "mentoring_reviews_tandem_rating_chk" CHECK ("mentoring_reviews"."tandem_rating" between 1 and 5),
	CONSTRAINT "mentoring_reviews_programme_rating_chk" CHECK ("mentoring_reviews"."programme_rating" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "mentoring_reviews" ADD CONSTRAINT "mentoring_reviews_tandem_id_mentoring_tandems_id_fk" FOREIGN KEY ("tandem_id") REFERENCES "public"."mentoring_tandems"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_reviews" ADD CONSTRAINT "mentoring_reviews_application_id_mentoring_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."mentoring_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_reviews_uq" ON "mentoring_reviews" USING btree ("tandem_id","application_id");