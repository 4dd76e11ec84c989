-- Security hardening (issue 17, point 2): one least-privilege role per job, where V12 had the whole
-- request path share jukihub_app. Each role may touch only the tables its job reads or writes; a
-- flaw in one service (say, the portal) cannot reach another's data (the register's writes, the
-- network's tokens) through its connections.
--
--   jukihub_reader     identity lookups and change feeds: read the tiers' identity copies
--   jukihub_register   the register writer, J-LIS's number issuer and the tiers' shipping lanes:
--                      read and write the three tiers; revoke a dead person's certificates
--   jukihub_jpki       J-LIS's PKI: certificates, CRLs, usage; reads who a card is for
--   jukihub_provision  the information-provision network and intermediate servers; reads the
--                      national tier to resolve a person, the register's token requests, and the
--                      trail for provision records
--   jukihub_portal     My Portal: its notices; reads the resident's identity, cards, trail, and
--                      the copies held about them
--   jukihub_auditor    (V12) also reads the national tier, to find a subject's records by number
--
-- jukihub_app loses every right and its login. A migration that adds a table grants it to the
-- roles that need it: nothing is granted by default any more. Sequences: USAGE (nextval) and
-- SELECT, never UPDATE (setval could rewind person ids or the revocation order).
--
-- Roles belong to the whole server: once this has run, hubs still on V12 (or nodes not yet
-- upgraded) on the same server lose jukihub_app. Upgrade every node together.
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['jukihub_reader', 'jukihub_register', 'jukihub_jpki',
                                   'jukihub_provision', 'jukihub_portal'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role_name) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', role_name);
      EXCEPTION
        WHEN duplicate_object THEN NULL;  -- another database of the cluster made it just now
      END;
    END IF;
  END LOOP;
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE WARNING 'the hub''s roles per job could not be made (needs CREATEROLE): the hub will start only with database.acceptOwnerRights';
END
$$;

-- Grants need only ownership of the tables, so a database owner without CREATEROLE on a server
-- whose roles exist already (another database of the hub there) still grants them.
DO $$
BEGIN
  -- jukihub_reader
  EXECUTE 'GRANT USAGE ON SCHEMA municipal, prefecture, national TO jukihub_reader';
  EXECUTE 'GRANT SELECT ON municipal.resident, municipal.change, prefecture.identity,'
          ' prefecture.identity_change, national.identity, national.identity_change'
          ' TO jukihub_reader';

  -- jukihub_register
  EXECUTE 'GRANT USAGE ON SCHEMA municipal, prefecture, national, jpki TO jukihub_register';
  -- Table by table: histories and the number ledgers are never rewritten or deleted.
  EXECUTE 'GRANT SELECT, INSERT, UPDATE ON municipal.resident, municipal.move_out_certificate,'
          ' national.issued_number TO jukihub_register';
  EXECUTE 'GRANT SELECT, INSERT ON municipal.change, municipal.token_request,'
          ' prefecture.identity_change, national.identity_change, national.issued_code'
          ' TO jukihub_register';
  -- Outboxes and spare codes are consumed (a spare code is locked FOR UPDATE as it is taken,
  -- which needs UPDATE); idempotency answers expire.
  EXECUTE 'GRANT SELECT, INSERT, DELETE ON municipal.outbox, prefecture.outbox TO jukihub_register';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON municipal.spare_code TO jukihub_register';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON municipal.idempotency TO jukihub_register';
  -- The identity copies: shipped in, and repaired by hub reconcile (which deletes strays).
  EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON prefecture.identity, national.identity'
          ' TO jukihub_register';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE ON prefecture.shipment, national.shipment'
          ' TO jukihub_register';
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA municipal, prefecture, national'
          ' TO jukihub_register';
  -- A death applied to the national tier revokes the person's certificates (TierApplier).
  EXECUTE 'GRANT SELECT, UPDATE ON jpki.certificate TO jukihub_register';
  EXECUTE 'GRANT USAGE ON SEQUENCE jpki.revocation_seq TO jukihub_register';

  -- jukihub_jpki
  EXECUTE 'GRANT USAGE ON SCHEMA jpki, national, municipal TO jukihub_jpki';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA jpki TO jukihub_jpki';
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA jpki TO jukihub_jpki';
  EXECUTE 'GRANT SELECT ON national.identity, municipal.resident TO jukihub_jpki';

  -- jukihub_provision
  EXECUTE 'GRANT USAGE ON SCHEMA network, intermediate, national, municipal, audit'
          ' TO jukihub_provision';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA network, intermediate'
          ' TO jukihub_provision';
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA network, intermediate'
          ' TO jukihub_provision';
  EXECUTE 'GRANT SELECT ON national.identity, municipal.resident TO jukihub_provision';
  EXECUTE 'GRANT SELECT, DELETE ON municipal.token_request TO jukihub_provision';
  EXECUTE 'GRANT SELECT ON audit.record TO jukihub_provision';

  -- jukihub_portal
  EXECUTE 'GRANT USAGE ON SCHEMA portal, audit, jpki, national, network, intermediate'
          ' TO jukihub_portal';
  EXECUTE 'GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA portal TO jukihub_portal';
  EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA portal TO jukihub_portal';
  EXECUTE 'GRANT SELECT ON audit.record, audit.chain_head, jpki.certificate, national.identity,'
          ' network.token, intermediate.copy TO jukihub_portal';

  -- jukihub_auditor
  EXECUTE 'GRANT USAGE ON SCHEMA national TO jukihub_auditor';
  EXECUTE 'GRANT SELECT ON national.identity TO jukihub_auditor';
EXCEPTION
  WHEN undefined_object THEN
    RAISE WARNING 'the hub''s roles per job do not exist on this server (made with CREATEROLE): the hub will start only with database.acceptOwnerRights';
END
$$;

DO $$
BEGIN
  -- jukihub_app: nothing left
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA municipal, prefecture, national, jpki, network,'
          ' intermediate, portal REVOKE ALL ON TABLES FROM jukihub_app';
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA municipal, prefecture, national, jpki, network,'
          ' intermediate, portal REVOKE ALL ON SEQUENCES FROM jukihub_app';
  EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA audit REVOKE ALL ON TABLES FROM jukihub_app';
  EXECUTE 'REVOKE ALL ON ALL TABLES IN SCHEMA municipal, prefecture, national, jpki, network,'
          ' intermediate, portal, audit FROM jukihub_app';
  EXECUTE 'REVOKE ALL ON ALL SEQUENCES IN SCHEMA municipal, prefecture, national, jpki, network,'
          ' intermediate, portal FROM jukihub_app';
  EXECUTE 'REVOKE ALL ON public.nation_seed FROM jukihub_app';
  EXECUTE 'REVOKE ALL ON SCHEMA municipal, prefecture, national, jpki, network, intermediate,'
          ' portal, audit FROM jukihub_app';
EXCEPTION
  WHEN undefined_object THEN
    NULL;  -- no jukihub_app on this server: nothing to take back
END
$$;

DO $$
BEGIN
  ALTER ROLE jukihub_app NOLOGIN;
EXCEPTION
  WHEN insufficient_privilege OR undefined_object THEN
    NULL;  -- no CREATEROLE (its rights here are gone all the same), or no such role
END
$$;
