-- The three tiers of Juki-net, one schema each. By default they share one database; the
-- tiered-store work can move each to its own server, so no foreign key crosses a schema.

-- 市町村: each municipality's full resident records (住民票), as its own resident system holds them.
CREATE SCHEMA municipal;
-- 都道府県サーバ: identity confirmation info (本人確認情報) of the prefecture's residents.
CREATE SCHEMA prefecture;
-- 全国サーバ (J-LIS): identity confirmation info for the whole nation.
CREATE SCHEMA national;

CREATE TABLE municipal.resident (
    person_id      bigint      PRIMARY KEY,          -- internal person id: the audit trail's subject
    lg_code        char(6)     NOT NULL,             -- the municipality (or designated-city ward)
    resident_code  char(11)    NOT NULL UNIQUE,      -- 住民票コード
    my_number      char(12)    UNIQUE,               -- 個人番号; null until J-LIS answers
    household_id   bigint      NOT NULL,             -- 世帯
    relationship   text        NOT NULL,             -- 続柄 to the household head (世帯主, 妻, 子...)
    name_kanji     text        NOT NULL,
    name_kana      text        NOT NULL,
    birth_date     date        NOT NULL,
    sex            smallint    NOT NULL CHECK (sex IN (1, 2)),
    address_rest   text        NOT NULL,             -- the address inside the municipality
    status         text        NOT NULL DEFAULT 'current'
                               CHECK (status IN ('current', 'moved_out', 'deceased')),
    registered_on  date        NOT NULL,             -- 住民となった日
    version        integer     NOT NULL DEFAULT 1,   -- per-resident change counter
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resident_by_municipality ON municipal.resident (lg_code);
CREATE INDEX resident_by_household ON municipal.resident (household_id);

CREATE TABLE prefecture.identity (
    person_id      bigint      PRIMARY KEY,
    pref_code      char(2)     NOT NULL,
    lg_code        char(6)     NOT NULL,
    resident_code  char(11)    NOT NULL UNIQUE,
    my_number      char(12)    UNIQUE,
    name_kanji     text        NOT NULL,
    name_kana      text        NOT NULL,
    birth_date     date        NOT NULL,
    sex            smallint    NOT NULL CHECK (sex IN (1, 2)),
    address_rest   text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('current', 'moved_out', 'deceased')),
    version        integer     NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX identity_by_prefecture ON prefecture.identity (pref_code);

CREATE TABLE national.identity (
    person_id      bigint      PRIMARY KEY,
    lg_code        char(6)     NOT NULL,
    resident_code  char(11)    NOT NULL UNIQUE,
    my_number      char(12)    UNIQUE,
    name_kanji     text        NOT NULL,
    name_kana      text        NOT NULL,
    birth_date     date        NOT NULL,
    sex            smallint    NOT NULL CHECK (sex IN (1, 2)),
    address_rest   text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('current', 'moved_out', 'deceased')),
    version        integer     NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Which synthetic nation this database holds: `./hub seed` records its parameters here.
CREATE TABLE public.nation_seed (
    seed        bigint      NOT NULL,
    residents   integer     NOT NULL,
    as_of       date        NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);
