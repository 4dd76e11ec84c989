-- The information-provision network (情報提供ネットワークシステム) and the intermediate servers
-- (中間サーバー). Neither holds a My Number, a resident code, a name or an acquisition number:
-- the network keys a person by its own keyed derivation of the resident code (link), each body by
-- its token (符号), and the intermediate servers by token and the body's unified address number.
CREATE SCHEMA IF NOT EXISTS network;

-- Each body's token for a person, and the link that ties one body's token to another's. Both are
-- HMAC-SHA256 under the network's key (data/keys/provision-network.key): without it neither can be
-- computed from a resident code, and two bodies' tokens cannot be linked.
CREATE TABLE network.token (
    body_id      text        NOT NULL,
    token        bytea       NOT NULL,              -- 16 bytes
    link         bytea       NOT NULL,              -- 32 bytes, the network's key for the person
    acquired_at  timestamptz NOT NULL,
    PRIMARY KEY (body_id, token),
    UNIQUE (link, body_id)
);

-- Acquisitions by their acquisition number's keyed digest (the number itself is not kept): a
-- repeated acquisition is answered again, a number reused for another person is refused.
CREATE TABLE network.acquisition (
    body_id      text        NOT NULL,
    digest       bytea       NOT NULL,
    link         bytea       NOT NULL,
    acquired_at  timestamptz NOT NULL,
    PRIMARY KEY (body_id, digest)
);

CREATE SCHEMA IF NOT EXISTS intermediate;

-- The token the network delivered to a body's intermediate server, under the body's own unified
-- address number (団体内統合宛名番号): the body's systems never see the token.
CREATE TABLE intermediate.address (
    body_id                 text        NOT NULL,
    unified_address_number  text        NOT NULL,
    token                   bytea       NOT NULL,
    delivered_at            timestamptz NOT NULL,
    PRIMARY KEY (body_id, unified_address_number),
    UNIQUE (body_id, token)
);

-- The copies (副本) a body provides, one per item and person, validated against the data standard
-- by the gateway before they get here; every version is kept in copy_history (null data: withdrawn).
CREATE TABLE intermediate.copy (
    body_id        text        NOT NULL,
    item           text        NOT NULL,
    token          bytea       NOT NULL,
    data           jsonb       NOT NULL,
    version        integer     NOT NULL,
    registered_at  timestamptz NOT NULL,
    PRIMARY KEY (body_id, item, token)
);

CREATE TABLE intermediate.copy_history (
    body_id        text        NOT NULL,
    item           text        NOT NULL,
    token          bytea       NOT NULL,
    version        integer     NOT NULL,
    data           jsonb,
    recorded_at    timestamptz NOT NULL,
    PRIMARY KEY (body_id, item, token, version)
);
