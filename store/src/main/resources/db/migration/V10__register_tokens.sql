-- A municipality's own side of the information-provision network: the unified address number
-- (団体内統合宛名番号) of each record, and the token requests its births, arrivals from abroad and
-- move-ins leave for the token lane (provision.RegisterTokenLane).

-- The municipality's unified address number: its own system assigns it when a record opens and
-- only that system links it to the person; the intermediate server keys the municipality's token
-- and copies by it. A letter and ten digits, so it never looks like a resident code (11 digits)
-- or a My Number (12). One number per record, kept for the stay: a person who moves in gets the
-- new municipality's own. Existing records get theirs here (one rewrite of the table); a seed's
-- COPY gets them from the default, row by row, without naming the column.
CREATE SEQUENCE municipal.unified_address_number_seq MAXVALUE 9999999999;
ALTER TABLE municipal.resident
    ADD COLUMN unified_address_number text NOT NULL
        DEFAULT 'U' || lpad(nextval('municipal.unified_address_number_seq')::text, 10, '0');
CREATE UNIQUE INDEX resident_by_unified_address_number
    ON municipal.resident (unified_address_number);

-- 符号取得の依頼: a record a birth, an arrival from abroad or a move-in opened, whose municipality
-- needs its token for the person. Written in the register write's own transaction; the token lane
-- is its only consumer and deletes the request once the token is delivered (in the same
-- transaction when the network shares the municipal database), so, as with the outbox, a request
-- still in flight is only not visible yet and none is skipped; a repeated acquisition changes
-- nothing.
CREATE TABLE municipal.token_request (
    record_id     bigint      PRIMARY KEY,
    requested_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
