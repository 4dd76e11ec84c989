-- Least privilege for the audit writer's committing connections: they may add records and
-- checkpoints and move the chain head, never change or delete a record. The role has no login; the
-- hub's own user is made a member and switches to it (SET ROLE) on those connections.
--
-- Creating a role needs CREATEROLE. On a server where the hub's user lacks it, the migration still
-- succeeds and the writer keeps the user's own rights (it logs a warning at start).
DO $$
BEGIN
  BEGIN
    CREATE ROLE jukihub_audit_writer NOLOGIN;
  EXCEPTION
    WHEN duplicate_object THEN NULL;  -- another database of this cluster created it
  END;
  GRANT USAGE ON SCHEMA audit TO jukihub_audit_writer;
  GRANT INSERT ON audit.record TO jukihub_audit_writer;
  GRANT INSERT ON audit.checkpoint TO jukihub_audit_writer;
  GRANT SELECT, UPDATE ON audit.chain_head TO jukihub_audit_writer;
  EXECUTE format('GRANT jukihub_audit_writer TO %I', current_user);
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE WARNING 'no role jukihub_audit_writer (needs CREATEROLE): the audit writer keeps the owner''s rights';
END
$$;
