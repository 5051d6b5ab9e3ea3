ALTER TABLE "board_report_sections" DROP CONSTRAINT "board_report_sections_kind_chk";--> statement-breakpoint
DROP INDEX "board_report_sections_kind_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "board_report_sections_kind_uq" ON "board_report_sections" USING btree ("report_id","kind") WHERE "board_report_sections"."kind" <> 'custom';--> statement-breakpoint
ALTER TABLE "board_report_sections" ADD CONSTRAINT "board_report_sections_kind_chk" CHECK ("board_report_sections"."kind" in ('new_members', 'events', 'help', 'partnerships', 'volunteers', 'custom'));