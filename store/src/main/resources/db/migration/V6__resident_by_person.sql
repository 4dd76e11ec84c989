-- A person's records in a municipality, closed ones included: the municipal tier's `changes` for a
-- lookup it answers join them by person (V4 left only the partial index of open records).
CREATE INDEX resident_by_person ON municipal.resident (person_id, lg_code);
