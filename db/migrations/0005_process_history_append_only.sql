-- A process's transition history is append-only, like the audit trail.
CREATE TRIGGER process_transitions_no_update_delete
  BEFORE UPDATE OR DELETE ON process_transitions
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER process_transitions_no_truncate
  BEFORE TRUNCATE ON process_transitions
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
-- The refusal message names the table it protects.
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$;
