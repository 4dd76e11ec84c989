-- Security hardening (issue 17, point 3): audit.drop_month checked only that a month was exported;
-- how long the trail is kept was the prune command's to judge, in Java. Whoever holds the prune
-- role's password could therefore drop any exported month, last month's too. Now the database
-- itself refuses a month still inside the retention, read from a table only the owner may change.
--
-- 7 years: Juki-net keeps every identity check's log for 7 years, on the server and on backup media
-- (the domain brief's operators and figures; the provision records of 番号法 第23条 are kept as
-- long, the period a cabinet order sets being taken as 7 years). A configuration that keeps them longer
-- (audit.retentionYears > 7) is checked by the prune command as before; a shorter one needs the
-- owner (a DBA, on purpose not the hub) to lower this row too.
CREATE TABLE audit.retention (
    only_row boolean  PRIMARY KEY DEFAULT true CHECK (only_row),
    years    integer  NOT NULL CHECK (years >= 1)
);
INSERT INTO audit.retention (years) VALUES (7);
REVOKE ALL ON audit.retention FROM PUBLIC;
DO $$
BEGIN
  GRANT SELECT ON audit.retention TO jukihub_audit_prune, jukihub_auditor;
EXCEPTION
  WHEN undefined_object THEN NULL;  -- no roles on this server (see V12)
END
$$;

CREATE OR REPLACE FUNCTION audit.drop_month(month date) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET TimeZone = 'UTC' AS $$
DECLARE
  first date := date_trunc('month', month)::date;
  name text := format('record_y%sm%s', to_char(first, 'YYYY'), to_char(first, 'MM'));
  kept integer;
  stored bigint;
  exported bigint;
BEGIN
  SELECT r.years INTO kept FROM audit.retention r;
  -- The month's last instant (UTC months, as the partitions are) must be older than the retention,
  -- by the database's own clock. No retention row: nothing is dropped.
  IF kept IS NULL OR (first + interval '1 month') + make_interval(years => kept) > now() THEN
    RAISE EXCEPTION 'audit month % is inside the retention of % years: it is not dropped', first, kept
      USING ERRCODE = 'insufficient_privilege';
  END IF;
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
  GRANT EXECUTE ON FUNCTION audit.drop_month(date) TO jukihub_audit_prune;
EXCEPTION
  WHEN undefined_object THEN NULL;
END
$$;
