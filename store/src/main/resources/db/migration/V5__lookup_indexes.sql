-- Identity lookups read a caller's own tier first (a municipality its resident records, a
-- prefecture its server) and search by the 4 info (氏名 in kana and birth date, narrowed by sex and
-- address). These indexes serve those reads; each tier keeps its own.

-- A municipality finds its open record by My Number (V4 dropped the column's unique constraint,
-- because a person's closed records keep the number).
CREATE INDEX resident_by_my_number ON municipal.resident (my_number) WHERE status <> 'moved_out';
CREATE INDEX resident_by_4info ON municipal.resident (name_kana, birth_date) WHERE status <> 'moved_out';
CREATE INDEX identity_by_4info ON prefecture.identity (name_kana, birth_date);
CREATE INDEX identity_by_4info ON national.identity (name_kana, birth_date);
