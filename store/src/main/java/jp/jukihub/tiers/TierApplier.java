package jp.jukihub.tiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * Applies a batch of events to one identity tier inside the caller's transaction, as one statement:
 * the batch travels as arrays and the server unpacks it. Idempotent by version: a row moves only to
 * a newer version, and each version's change info is kept once, so replays and duplicates change
 * nothing and a late older event cannot overwrite a newer one.
 */
enum TierApplier {
  /** 都道府県サーバ: rows per (prefecture, person); events also go on towards J-LIS. */
  PREFECTURE("prefecture", true),
  /** 全国サーバ: one row per person for the whole nation. */
  NATIONAL("national", false);

  /** The batch as a relation: one array parameter per column. */
  private static final String EVENTS =
      "SELECT * FROM unnest(?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::date[], ?::smallint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::bigint[],"
          + " ?::timestamptz[]) AS e(person_id, version, pref_code, lg_code, resident_code, my_number, name_kanji,"
          + " name_kana, birth_date, sex, address_rest, status, change_kind, change_fields, change_reason, change_on,"
          + " event_id, origin_at)";

  /** An upsert's update of the identity columns to the proposed row (the repair uses it too). */
  static final String IDENTITY_FROM_EXCLUDED =
      "lg_code = EXCLUDED.lg_code, resident_code = EXCLUDED.resident_code, my_number = EXCLUDED.my_number,"
          + " name_kanji = EXCLUDED.name_kanji, name_kana = EXCLUDED.name_kana, birth_date = EXCLUDED.birth_date,"
          + " sex = EXCLUDED.sex, address_rest = EXCLUDED.address_rest, status = EXCLUDED.status,"
          + " version = EXCLUDED.version";

  /**
   * J-LIS revokes the My Number card's certificates as the register changes, in the same
   * transaction as the national copy (公的個人認証法 art. 12): a correction of the 4 info or a move
   * revokes the signing certificate, which carries them; a death revokes both. Only certificates
   * issued for an older version of the person are revoked, so a replayed event cannot revoke a card
   * issued since, and only those still valid. The time is the municipality's commit (never before
   * the issuance); the reason affiliationChanged (3), or cessationOfOperation (5) at death.
   */
  private static final String REVOKE_CERTIFICATES =
      ", revoking AS (SELECT person_id, bool_or(change_kind = 'died') AS died, min(origin_at) AS first_at,"
          + " max(version) AS version FROM e WHERE change_kind IN ('corrected', 'moved_out', 'died')"
          + " GROUP BY person_id),"
          + " revoked AS (UPDATE jpki.certificate c SET revoked_at = GREATEST(r.first_at, c.issued_at),"
          + " reason = CASE WHEN r.died THEN 5 ELSE 3 END, revocation_seq = nextval('jpki.revocation_seq')"
          + " FROM revoking r WHERE c.person_id = r.person_id AND c.revoked_at IS NULL AND c.person_version < r.version"
          + " AND c.not_after > now() AND (c.type = 'sign' OR r.died))";

  private final String schema;
  private final boolean perPrefecture;

  TierApplier(String schema, boolean perPrefecture) {
    this.schema = schema;
    this.perPrefecture = perPrefecture;
  }

  String tier() {
    return schema;
  }

  /** Applies the events; returns how many were new to this tier (a repeat delivery counts none). */
  int apply(Connection connection, List<TierEvent> events) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql())) {
      int i = 1;
      i = bind(statement, i, "bigint", events, TierEvent::personId);
      i = bind(statement, i, "int4", events, TierEvent::version);
      i = bind(statement, i, "text", events, TierEvent::prefCode);
      i = bind(statement, i, "text", events, TierEvent::lgCode);
      i = bind(statement, i, "text", events, TierEvent::residentCode);
      i = bind(statement, i, "text", events, TierEvent::myNumber);
      i = bind(statement, i, "text", events, TierEvent::nameKanji);
      i = bind(statement, i, "text", events, TierEvent::nameKana);
      i = bind(statement, i, "text", events, e -> e.birthDate().toString());
      i = bind(statement, i, "int4", events, e -> (int) e.sex());
      i = bind(statement, i, "text", events, TierEvent::addressRest);
      i = bind(statement, i, "text", events, TierEvent::status);
      i = bind(statement, i, "text", events, TierEvent::changeKind);
      // A column of arrays cannot travel in an array; field names carry no comma.
      i = bind(statement, i, "text", events, e -> String.join(",", e.changeFields()));
      i = bind(statement, i, "text", events, TierEvent::changeReason);
      i = bind(statement, i, "text", events, e -> e.changeOn().toString());
      i = bind(statement, i, "bigint", events, TierEvent::eventId);
      bind(statement, i, "text", events, e -> e.originAt().toString());
      try (ResultSet fresh = statement.executeQuery()) {
        fresh.next();
        return fresh.getInt(1);
      }
    }
  }

  private String sql() {
    String key = perPrefecture ? "pref_code, person_id" : "person_id";
    String identity =
        (perPrefecture ? "pref_code, " : "")
            + "person_id, lg_code, resident_code, my_number, name_kanji, name_kana,"
            + " birth_date, sex, address_rest, status, version, change_kind, change_fields, change_reason, change_on";
    String fields = "string_to_array(NULLIF(change_fields, ''), ',')";
    String identityValues = identity.replace("change_fields", "COALESCE(" + fields + ", '{}')");
    String sql =
        "WITH e AS ("
            + EVENTS
            + "),"
            // One row per key, the newest: an upsert may not touch a row twice.
            + " latest AS (SELECT DISTINCT ON ("
            + key
            + ") * FROM e ORDER BY "
            + key
            + ", version DESC),"
            + " upserted AS (INSERT INTO "
            + schema
            + ".identity ("
            + identity
            + ", updated_at)"
            + " SELECT "
            + identityValues
            + ", now() FROM latest"
            + " ON CONFLICT ("
            + key
            + ") DO UPDATE SET "
            + IDENTITY_FROM_EXCLUDED
            + ", updated_at = EXCLUDED.updated_at,"
            + " change_kind = EXCLUDED.change_kind, change_fields = EXCLUDED.change_fields,"
            + " change_reason = EXCLUDED.change_reason, change_on = EXCLUDED.change_on"
            + " WHERE "
            + schema
            + ".identity.version < EXCLUDED.version),"
            + " changed AS (INSERT INTO "
            + schema
            + ".identity_change ("
            + (perPrefecture ? "pref_code, " : "")
            + "person_id, version, kind, fields, reason, effective_on)"
            + " SELECT "
            + (perPrefecture ? "pref_code, " : "")
            + "person_id, version, change_kind,"
            + " COALESCE("
            + fields
            + ", '{}'), change_reason, change_on FROM e ON CONFLICT DO NOTHING RETURNING 1)";
    if (!perPrefecture) {
      sql += REVOKE_CERTIFICATES;
    }
    if (perPrefecture) {
      // The prefecture's own outbox towards J-LIS, each municipal event once.
      sql +=
          ", forwarded AS (INSERT INTO prefecture.outbox (person_id, version, pref_code, lg_code, resident_code,"
              + " my_number, name_kanji, name_kana, birth_date, sex, address_rest, status, change_kind, change_fields,"
              + " change_reason, change_on, source_event_id, municipal_created_at)"
              + " SELECT person_id, version, pref_code, lg_code, resident_code, my_number, name_kanji, name_kana,"
              + " birth_date, sex, address_rest, status, change_kind, COALESCE("
              + fields
              + ", '{}'), change_reason,"
              + " change_on, event_id, origin_at FROM e ON CONFLICT (source_event_id) DO NOTHING)";
    }
    return sql + " SELECT count(*) FROM changed";
  }

  private static int bind(
      PreparedStatement statement,
      int index,
      String type,
      List<TierEvent> events,
      Function<TierEvent, Object> column)
      throws SQLException {
    Object[] values = new Object[events.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = column.apply(events.get(i));
    }
    statement.setArray(index, statement.getConnection().createArrayOf(type, values));
    return index + 1;
  }
}
