-- Security hardening (issue 17): the hub's run-time pools log in as roles that can do only their
-- job, and the audit trail is append-only in the database itself, for every role.
--
-- Roles are cluster-wide and made NOLOGIN here; the hub gives each LOGIN and its password (derived
-- from data/keys/database.key) at every start, as the owner (jp.jukihub.database.DatabaseRoles).
--   jukihub_app           the request path and its lanes: read and write the tiers, jpki, network,
--                         intermediate and portal; read the audit trail; no DDL, no TRUNCATE
--   jukihub_audit_writer  append records and checkpoints, keep chain_head; new monthly partitions
--                         only through audit.ensure_month
--   jukihub_auditor       hub audit verify / export: read the trail, record exports
--   jukihub_audit_prune   hub audit prune: reads the trail, writes anchors, and drops an exported
--                         month (and its checkpoints) only through audit.drop_month
--
-- Creating roles needs CREATEROLE; where the migrating user lacks it the grants are skipped with a
-- warning and the hub refuses to start unless database.acceptOwnerRights is set. The append-only
-- triggers below need only ownership and are always made.
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['jukihub_app', 'jukihub_audit_writer', 'jukihub_auditor',
                                   'jukihub_audit_prune'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', role_name);
      EXCEPTION
        WHEN duplicate_object THEN NULL;  -- another database of the cluster made it just now
      END;
    END IF;
  END LOOP;

  -- jukihub_app
  EXECUTE 'GRANT USAGE ON SCHEMA municipal, prefecture, national, jpki, network, intermediate,'
          ' portal, audit TO jukihub_app';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA municipal, prefecture,'
          ' national, jpki, network, intermediate, portal TO jukihub_app';
  EXECUTE 'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA municipal, prefecture, national,'
          ' jpki, network, intermediate, portal TO jukihub_app';
  EXECUTE 'GRANT SELECT ON public.nation_seed TO jukihub_app';
  EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA audit TO jukihub_app';
  -- Tables later migrations add (by this same owner) come with the same rights.
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA municipal, prefecture, national, jpki, network,'
          ' intermediate, portal GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO jukihub_app';
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA municipal, prefecture, national, jpki, network,'
          ' intermediate, portal GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO jukihub_app';

  -- jukihub_audit_writer (V3 gave it INSERT on record and checkpoint, SELECT/UPDATE on chain_head)
  EXECUTE 'GRANT USAGE ON SCHEMA audit TO jukihub_audit_writer, jukihub_auditor, jukihub_audit_prune';
  EXECUTE 'GRANT INSERT ON audit.record, audit.checkpoint TO jukihub_audit_writer';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE ON audit.chain_head TO jukihub_audit_writer';
  EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA audit TO jukihub_audit_writer';

  -- jukihub_auditor
  EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA audit TO jukihub_auditor';
  EXECUTE 'GRANT INSERT, UPDATE ON audit.export TO jukihub_auditor';

  -- jukihub_audit_prune
  EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA audit TO jukihub_audit_prune';
  EXECUTE 'GRANT INSERT ON audit.anchor TO jukihub_audit_prune';

  -- Monthly partitions (made by audit.ensure_month, as this owner) are readable as the parent is.
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA audit GRANT SELECT ON TABLES TO jukihub_app,'
          ' jukihub_audit_writer, jukihub_auditor, jukihub_audit_prune';
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE WARNING 'the hub''s roles could not be made or granted (needs CREATEROLE): the hub will start only with database.acceptOwnerRights';
END
$$;

-- Nobody but the owner's own triggers below decides about changes to the trail.
REVOKE UPDATE, DELETE, TRUNCATE ON audit.record, audit.checkpoint FROM PUBLIC;

-- Refuses every UPDATE, DELETE and TRUNCATE of the trail, whoever asks, the owner included. One
-- exception: audit.drop_month deleting the checkpoints of the month it drops (it marks its own
-- transaction; no run-time role holds DELETE on the table to get this far).
CREATE OR REPLACE FUNCTION audit.refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'checkpoint'
     AND coalesce(current_setting('jukihub.audit_drop_month', true), '') <> '' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the audit trail is append-only: % on audit.% refused for %',
    TG_OP, TG_TABLE_NAME, current_user
    USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Row triggers on the partitioned table reach every partition, present and future; TRUNCATE
-- triggers are per table, so each partition gets its own (here, and in audit.ensure_month).
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON audit.record
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON audit.record
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON audit.checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON audit.checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
DO $$
DECLARE
  part regclass;
BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'audit.record'::regclass LOOP
    EXECUTE format('CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON %s'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()', part);
  END LOOP;
END
$$;

-- The month's partition, made by the owner for the audit writer (who may not own DDL): it
-- creates it when missing, with its TRUNCATE guard, readable by the roles (default privileges).
CREATE OR REPLACE FUNCTION audit.ensure_month(month date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  first date := date_trunc('month', month)::date;
  name text := format('record_y%sm%s', to_char(first, 'YYYY'), to_char(first, 'MM'));
BEGIN
  IF to_regclass('audit.' || name) IS NOT NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE TABLE IF NOT EXISTS audit.%I PARTITION OF audit.record'
                 ' FOR VALUES FROM (%L) TO (%L)',
                 name, first::text || ' 00:00:00+00', (first + interval '1 month')::date::text || ' 00:00:00+00');
  EXECUTE format('CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON audit.%I'
                 ' FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()', name);
EXCEPTION
  WHEN duplicate_table OR duplicate_object OR unique_violation THEN
    NULL;  -- another writer made it at the same moment
END
$$;
REVOKE ALL ON FUNCTION audit.ensure_month(date) FROM PUBLIC;

-- Drops a month's partition with the checkpoints inside it: only a month that is empty, or that
-- audit.export lists with exactly the records it holds (the retention is the prune command's to
-- judge; it anchors the chains first). The prune role may run it; nobody else may drop a partition
-- but the owner.
CREATE OR REPLACE FUNCTION audit.drop_month(month date) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  first date := date_trunc('month', month)::date;
  name text := format('record_y%sm%s', to_char(first, 'YYYY'), to_char(first, 'MM'));
  stored bigint;
  exported bigint;
BEGIN
  IF to_regclass('audit.' || name) IS NULL THEN
    RAISE EXCEPTION 'no partition audit.% for %', name, first;
  END IF;
  EXECUTE format('SELECT count(*) FROM audit.%I', name) INTO stored;
  SELECT e.records INTO exported FROM audit.export e WHERE e.month = first;
  IF stored > 0 AND exported IS DISTINCT FROM stored THEN
    RAISE EXCEPTION 'audit.% holds % records and its export % : it is not dropped',
      name, stored, coalesce(exported::text, 'is missing')
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM set_config('jukihub.audit_drop_month', first::text, true);
  EXECUTE format('DELETE FROM audit.checkpoint c'
                 ' USING (SELECT chain, min(seq) AS lo, max(seq) AS hi FROM audit.%I GROUP BY chain) m'
                 ' WHERE c.chain = m.chain AND c.seq BETWEEN m.lo AND m.hi', name);
  PERFORM set_config('jukihub.audit_drop_month', '', true);
  EXECUTE format('DROP TABLE audit.%I', name);
  RETURN stored;
END
$$;
REVOKE ALL ON FUNCTION audit.drop_month(date) FROM PUBLIC;

DO $$
BEGIN
  GRANT EXECUTE ON FUNCTION audit.ensure_month(date) TO jukihub_audit_writer;
  GRANT EXECUTE ON FUNCTION audit.drop_month(date) TO jukihub_audit_prune;
EXCEPTION
  WHEN undefined_object THEN NULL;  -- no roles on this server (see above)
END
$$;
