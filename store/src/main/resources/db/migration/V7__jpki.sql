-- J-LIS's public personal authentication service (公的個人認証サービス): the certificates it issued
-- for My Number cards, their revocations, the CRLs' numbering and the relying parties' metered
-- checks. It lives beside the national tier: J-LIS is the certificate authority, and every register
-- change reaches it there (the national apply revokes in its own transaction).
CREATE SCHEMA jpki;

-- One row per certificate. No key of the resident is ever kept; the person id links a card to the
-- register (for register-driven revocation and pairwise subject ids) and is never served.
CREATE TABLE jpki.certificate (
    serial          bigint      PRIMARY KEY,    -- random, positive: unguessable and never reused
    type            text        NOT NULL CHECK (type IN ('sign', 'auth')),
    shard           smallint    NOT NULL,       -- the CRL it is listed on; fixed at issuance
    person_id       bigint      NOT NULL,
    person_version  integer     NOT NULL,       -- the register's version of the person it was issued for
    lg_code         char(6)     NOT NULL,       -- the issuing municipality: the one that may revoke
    not_before      timestamptz NOT NULL,
    not_after       timestamptz NOT NULL,
    issued_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    revoked_at      timestamptz,
    reason          smallint,                   -- RFC 5280 CRLReason
    revocation_seq  bigint      UNIQUE,         -- numbers revocations (they commit out of order)
    ocsp_response   bytea,                      -- the pre-signed OCSP answer
    ocsp_signed_at  timestamptz,
    answered_seq    bigint,                     -- the revocation that answer states (NULL: good)
    CHECK ((revoked_at IS NULL) = (revocation_seq IS NULL) AND (revoked_at IS NULL) = (reason IS NULL))
);
CREATE SEQUENCE jpki.revocation_seq;
-- A person's certificates still in force: what a register change or a new card revokes.
CREATE INDEX certificate_live_by_person ON jpki.certificate (person_id) WHERE revoked_at IS NULL;
-- A CRL's entries, read from the index alone.
CREATE INDEX certificate_revoked_by_scope ON jpki.certificate (type, shard)
    INCLUDE (serial, revoked_at, reason, revocation_seq, not_after) WHERE revoked_at IS NOT NULL;
-- Revocations whose OCSP answer does not say so yet. Revocation numbers are taken before commit,
-- so they commit out of order: a follower asks this, never "after the last number it saw".
CREATE INDEX certificate_unanswered ON jpki.certificate (revocation_seq)
    WHERE revocation_seq IS NOT NULL AND answered_seq IS DISTINCT FROM revocation_seq;
-- The oldest pre-signed answers, refreshed before they go stale.
CREATE INDEX certificate_by_ocsp_age ON jpki.certificate (ocsp_signed_at);

-- The last CRL issued for each scope (a type's shard, or -1 for the whole type): CRL numbers only
-- grow, also across restarts and between hub nodes.
CREATE TABLE jpki.crl (
    type           text        NOT NULL,
    shard          smallint    NOT NULL,
    number         bigint      NOT NULL,
    this_update    timestamptz NOT NULL,
    PRIMARY KEY (type, shard)
);

-- Checks per relying party, month and kind: what J-LIS's fees are computed from.
CREATE TABLE jpki.usage (
    corporate_number char(13) NOT NULL,
    month            date     NOT NULL,         -- first day of the month (JST)
    check_kind       text     NOT NULL,         -- ocsp, crl, verify
    certificate_type text     NOT NULL,         -- sign, auth
    checks           bigint   NOT NULL,
    PRIMARY KEY (corporate_number, month, check_kind, certificate_type)
);
