-- The audit trail: who saw whose record, when and why. Kept 7 years, tamper-evident.
--
-- Each hub instance writes its own hash chain (chain = the instance name): record n carries the
-- hash of record n-1, and the writer signs a checkpoint over the chain every few records. The
-- canonical encoding the hashes cover is in jp.jukihub.audit.RecordHasher.
CREATE SCHEMA audit;

CREATE TABLE audit.record (
    chain          text        NOT NULL,
    seq            bigint      NOT NULL,             -- 1, 2, 3... per chain, no gaps
    occurred_at    timestamptz NOT NULL,             -- when the writer chained it; never decreases in a chain
    request_id     text        NOT NULL,
    body_id        text        NOT NULL,             -- the calling body (registry id)
    operator       text,                             -- X-Jukihub-Operator: the person at the body
    zone           text        NOT NULL,
    route          text        NOT NULL,             -- route id, never the path (paths can hold numbers)
    affair         text,                             -- law-table row that allowed it
    firewall_rule  text,                             -- firewall rule that let it in
    subject        bigint,                           -- internal person id; never a My Number or name
    fields         text[]      NOT NULL,             -- fields released
    outcome        text        NOT NULL,             -- ok, or the problem code
    status         smallint    NOT NULL,
    latency_us     bigint      NOT NULL,
    request_hash   bytea       NOT NULL,             -- keyed SHA-256 of the canonical request
    answer_hash    bytea       NOT NULL,             -- keyed SHA-256 of the answer's bytes
    prev_hash      bytea       NOT NULL,
    hash           bytea       NOT NULL
) PARTITION BY RANGE (occurred_at);
-- Monthly partitions (UTC months) are created by the writer ahead of use: audit.record_yYYYYmMM.
--
-- Three indexes, because every index costs each of the tens of thousands of inserts a second:
-- time order (the auditor's pages; appended at the right edge, so cheap), subject (who saw this
-- person) and request id. No primary key: (chain, seq) is unique by construction (the writer
-- moves audit.chain_head in the same transaction), and a duplicate is what verify reports.
CREATE INDEX record_by_time ON audit.record (occurred_at, chain, seq);
CREATE INDEX record_by_subject ON audit.record (subject, occurred_at) WHERE subject IS NOT NULL;
CREATE INDEX record_by_request ON audit.record (request_id);

-- The last record of each chain, advanced in the same transaction as every batch. A writer that
-- finds it moved (another process on the same chain) stops instead of forking the chain.
CREATE TABLE audit.chain_head (
    chain    text        PRIMARY KEY,
    seq      bigint      NOT NULL,
    hash     bytea       NOT NULL,
    last_at  timestamptz                           -- the last record's time: a restart never goes before it
);

-- Signed statements "record seq of chain had this hash": what makes a rewritten chain detectable.
CREATE TABLE audit.checkpoint (
    chain        text        NOT NULL,
    seq          bigint      NOT NULL,
    record_hash  bytea       NOT NULL,
    signed_at    timestamptz NOT NULL,
    key_id       text        NOT NULL,
    max_unsigned bigint      NOT NULL,             -- the writer's promise: no more records than this between checkpoints
    signature    bytea       NOT NULL,
    PRIMARY KEY (chain, seq)
);

-- Months written to backup media by `hub audit export`; prune drops only months listed here.
CREATE TABLE audit.export (
    month        date        PRIMARY KEY,
    records      bigint      NOT NULL,
    digest       text        NOT NULL,             -- SHA-256 of the exported records file
    location     text        NOT NULL,
    exported_at  timestamptz NOT NULL DEFAULT now()
);

-- Where each chain resumes after a pruned month: lets a full verify start from the first kept row.
CREATE TABLE audit.anchor (
    chain      text        NOT NULL,
    month      date        NOT NULL,
    seq        bigint      NOT NULL,               -- last record of the chain in the pruned month
    hash       bytea       NOT NULL,
    pruned_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain, month)
);
