-- A published referential version is frozen forever: the database itself refuses any change to its content
-- (scale, levels, chapters, standards, criteria) and to its own row, except the one step published → retired.
-- Drafts stay editable (a draft re-import deletes its content and inserts the new one).
--
-- Content rows: BEFORE INSERT/UPDATE/DELETE row triggers look up the parent version (version_id on every content
-- table, primary-key lookup) and lock it FOR SHARE, so a concurrent publication waits for the writer (and the
-- writer, once the publication is committed, sees it and is refused). TRUNCATE: a statement trigger refuses it
-- when the table holds any row of a published or retired version.
CREATE OR REPLACE FUNCTION referential_content_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_code text;
  v_version text;
  v_status referential_status;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT code, version, status INTO v_code, v_version, v_status
      FROM referential_versions WHERE id = OLD.version_id FOR SHARE;
    -- No parent row: the version itself is being deleted (a draft: its own trigger let it go), cascading here.
    IF v_status IS NOT NULL AND v_status <> 'draft' THEN
      RAISE EXCEPTION 'referential version % % is %: its content is frozen (% on % refused)',
        v_code, v_version, v_status, TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001';
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT code, version, status INTO v_code, v_version, v_status
      FROM referential_versions WHERE id = NEW.version_id FOR SHARE;
    IF v_status IS NOT NULL AND v_status <> 'draft' THEN
      RAISE EXCEPTION 'referential version % % is %: its content is frozen (% on % refused)',
        v_code, v_version, v_status, TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION referential_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_frozen boolean;
BEGIN
  IF TG_TABLE_NAME = 'referential_versions' THEN
    SELECT EXISTS (SELECT 1 FROM referential_versions WHERE status <> 'draft') INTO v_frozen;
  ELSE
    EXECUTE format(
      'SELECT EXISTS (SELECT 1 FROM %I.%I c JOIN referential_versions v ON v.id = c.version_id WHERE v.status <> %L)',
      TG_TABLE_SCHEMA, TG_TABLE_NAME, 'draft'
    ) INTO v_frozen;
  END IF;
  IF v_frozen THEN
    RAISE EXCEPTION 'TRUNCATE on % refused: it holds published or retired referential versions, which are frozen',
      TG_TABLE_NAME USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The version row: created as a draft; a draft may change or be deleted; once published, only the step to
-- retired (status, retired_at, retired_by) is allowed; a retired version never changes again.
CREATE OR REPLACE FUNCTION referential_versions_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' THEN
      RAISE EXCEPTION 'referential version % % must be created as a draft (status % refused)',
        NEW.code, NEW.version, NEW.status USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status = 'draft' THEN
    IF TG_OP = 'DELETE' THEN
      RETURN OLD;
    END IF;
    IF NEW.status = 'retired' THEN
      RAISE EXCEPTION 'referential version % % is a draft: publish it before retiring it',
        OLD.code, OLD.version USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'referential version % % is %: it cannot be deleted',
      OLD.code, OLD.version, OLD.status USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status = 'published' AND NEW.status = 'retired'
     AND (to_jsonb(NEW) - 'status' - 'retired_at' - 'retired_by') = (to_jsonb(OLD) - 'status' - 'retired_at' - 'retired_by') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'referential version % % is %: it is frozen (only published → retired, with retired_at and retired_by, is allowed)',
    OLD.code, OLD.version, OLD.status USING ERRCODE = 'P0001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER referential_versions_guard
  BEFORE INSERT OR UPDATE OR DELETE ON referential_versions
  FOR EACH ROW EXECUTE FUNCTION referential_versions_guard();
--> statement-breakpoint
CREATE TRIGGER referential_versions_no_truncate
  BEFORE TRUNCATE ON referential_versions
  FOR EACH STATEMENT EXECUTE FUNCTION referential_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER referential_scale_values_freeze
  BEFORE INSERT OR UPDATE OR DELETE ON referential_scale_values
  FOR EACH ROW EXECUTE FUNCTION referential_content_guard();
--> statement-breakpoint
CREATE TRIGGER referential_scale_values_no_truncate
  BEFORE TRUNCATE ON referential_scale_values
  FOR EACH STATEMENT EXECUTE FUNCTION referential_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER referential_levels_freeze
  BEFORE INSERT OR UPDATE OR DELETE ON referential_levels
  FOR EACH ROW EXECUTE FUNCTION referential_content_guard();
--> statement-breakpoint
CREATE TRIGGER referential_levels_no_truncate
  BEFORE TRUNCATE ON referential_levels
  FOR EACH STATEMENT EXECUTE FUNCTION referential_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER referential_chapters_freeze
  BEFORE INSERT OR UPDATE OR DELETE ON referential_chapters
  FOR EACH ROW EXECUTE FUNCTION referential_content_guard();
--> statement-breakpoint
CREATE TRIGGER referential_chapters_no_truncate
  BEFORE TRUNCATE ON referential_chapters
  FOR EACH STATEMENT EXECUTE FUNCTION referential_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER referential_standards_freeze
  BEFORE INSERT OR UPDATE OR DELETE ON referential_standards
  FOR EACH ROW EXECUTE FUNCTION referential_content_guard();
--> statement-breakpoint
CREATE TRIGGER referential_standards_no_truncate
  BEFORE TRUNCATE ON referential_standards
  FOR EACH STATEMENT EXECUTE FUNCTION referential_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER referential_criteria_freeze
  BEFORE INSERT OR UPDATE OR DELETE ON referential_criteria
  FOR EACH ROW EXECUTE FUNCTION referential_content_guard();
--> statement-breakpoint
CREATE TRIGGER referential_criteria_no_truncate
  BEFORE TRUNCATE ON referential_criteria
  FOR EACH STATEMENT EXECUTE FUNCTION referential_refuse_truncate();
