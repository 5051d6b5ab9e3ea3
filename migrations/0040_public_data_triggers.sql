-- The version of what anonymous visitors can see (platform/pages): one row, and a deferred trigger on
-- every table that feeds a public page. At commit, the first change of a transaction to such a table
-- adds one to the version (later changes of the same transaction find the mark and do nothing), so the
-- row is held only while the transaction commits. The tables left out are listed, with the reason,
-- in test/rules/public-pages.test.ts, which fails when a table is in neither list.
INSERT INTO "public_data_version" ("id", "version") VALUES (true, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "public_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('bs.public_data_changed', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('bs.public_data_changed', 'yes', true);
    UPDATE "public_data_version" SET "version" = "version" + 1;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "agreement_ratifications" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "agreement_ratifications" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "agreement_template_clauses" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "agreement_template_clauses" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "agreement_templates" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "agreement_templates" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "agreement_versions" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "agreement_versions" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "agreements" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "agreements" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "board_report_sections" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "board_report_sections" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "board_reports" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "board_reports" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "election_dates" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "election_dates" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "event_hosts" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "event_hosts" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "event_series" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "event_series" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "events" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "events" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "matchmaking_weights" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "matchmaking_weights" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "members" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "members" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "municipal_twin_towns" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "municipal_twin_towns" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "org_units" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "org_units" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "partnership_link_confirmations" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "partnership_link_confirmations" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "partnership_minutes" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "partnership_minutes" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "partnership_reports" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "partnership_reports" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "partnership_retreats" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "partnership_retreats" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "partnership_status_changes" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "partnership_status_changes" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "partnership_twin_towns" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "partnership_twin_towns" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "partnerships" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "partnerships" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "playbook_entries" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "playbook_entries" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "playbook_images" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "playbook_images" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "playbook_versions" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "playbook_versions" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "resolution_addressees" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "resolution_addressees" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "resolution_lines" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "resolution_lines" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "resolution_measures" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "resolution_measures" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "resolution_progress_notes" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "resolution_progress_notes" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "resolutions" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "resolutions" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "role_grants" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "role_grants" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "seeking_profiles" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "seeking_profiles" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "team_members" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "team_members" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "teams" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "teams" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "unit_kreise" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "unit_kreise" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "public_data_changed" AFTER INSERT OR UPDATE OR DELETE ON "users" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "public_data_truncated" AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "public_data_changed"();
