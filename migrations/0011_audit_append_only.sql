-- The audit trail is append-only (SECURITY-GOALS L-4): rows of audit_events, audit_seals and audit_checks
-- can be inserted and read, never changed, deleted or truncated, whatever role the application runs as.
-- Statement-level triggers, so a refused statement costs nothing per row and an INSERT costs nothing at all.
-- Only someone who may ALTER the table (its owner or a superuser) can switch this off, and then the hash
-- chain in audit_seals shows what was changed. In production the application's role should in addition
-- hold no UPDATE, DELETE or TRUNCATE grant on these tables (README, "Running on PostgreSQL").
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checks_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checks
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
