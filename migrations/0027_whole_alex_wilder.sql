CREATE TABLE "resolution_reminders" (
	"measure_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "resolution_reminders_measure_id_kind_period_pk" PRIMARY KEY("measure_id","kind","period"),
	CONSTRAINT "resolution_reminders_kind_chk" CHECK ("resolution_reminders"."kind" in ('due', 'indicator'))
);
--> statement-breakpoint
ALTER TABLE "resolution_reminders" ADD CONSTRAINT "resolution_reminders_measure_id_resolution_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."resolution_measures"("id") ON DELETE cascade ON UPDATE no action;