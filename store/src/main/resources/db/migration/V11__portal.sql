-- My Portal (マイナポータル): a resident, logged in with their card's user-authentication certificate,
-- sees every access to their data (the audit trail, read by subject), what bodies hold about them,
-- and notices of what happened to their data and cards. Migrations run on every database target,
-- so this one is self-contained: its schema is created here, and the indexes below are on tables
-- that V7 and V8 create everywhere.
CREATE SCHEMA IF NOT EXISTS portal;

-- One notice per event a resident is told of (お知らせ), made by the notice lane
-- (jp.jukihub.portal.NoticeLane) from the audit trail and J-LIS's certificates. Like the trail it
-- keys a person by subject: the person id, or the provision records' pseudonymous subject
-- (negative); never a My Number or a name. Nothing in a row is personal beyond that link.
CREATE TABLE portal.notice (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject      bigint      NOT NULL,
    kind         text        NOT NULL
                             CHECK (kind IN ('provided', 'certificate_revoked', 'certificate_expiring',
                                             'record_changed')),
    source       text        NOT NULL UNIQUE,  -- what it was made from ('audit:<chain>:<seq>',
                                               -- 'revoked:<serial>', 'expiring:<serial>'): a pass
                                               -- taken again makes nothing twice
    occurred_at  timestamptz NOT NULL,         -- when the event happened
    created_at   timestamptz NOT NULL,         -- when the lane noticed it
    body_id      text,                         -- the body that acted: the requester, the municipality
    counterpart  text,                         -- the provider, for 'provided'
    item         text,                         -- the item provided
    affair       text,                         -- the law-table row that allowed it
    detail       text,                         -- short and non-personal: certificate type, reason, route id
    read_at      timestamptz                   -- first read; null while unread
);
-- The resident's notices, newest first, one page at a time (id order is creation order).
CREATE INDEX notice_by_subject ON portal.notice (subject, id DESC);
-- The unread count on every page of the portal: only the few unread rows are indexed.
CREATE INDEX notice_unread ON portal.notice (subject) WHERE read_at IS NULL;

-- Where each of the notice lane's scans stopped: per audit chain the last record read (chain,
-- seq, and its time, which bounds the next read on the time index); for the certificate scans
-- the time the last pass looked up to. Moved in the transaction that inserts the notices.
CREATE TABLE portal.notice_cursor (
    name   text        PRIMARY KEY,
    chain  text,
    seq    bigint,
    at     timestamptz
);

-- The lane's revocation scan: revocations since its last pass, without reading the certificates
-- in force (most of them).
CREATE INDEX certificate_by_revocation_time ON jpki.certificate (revoked_at)
    WHERE revoked_at IS NOT NULL;
-- The lane's expiry scan: certificates in force whose end came within the notice horizon since the
-- last pass.
CREATE INDEX certificate_live_by_expiry ON jpki.certificate (not_after)
    WHERE revoked_at IS NULL;

-- A person's copies across bodies (self-information): the network gives each body's token for the
-- person, and the copy's primary key (body_id, item, token) cannot find a token without its item.
-- Tokens are random 16 bytes and unique per body, so this index finds a handful of rows.
CREATE INDEX copy_by_token ON intermediate.copy (token);
