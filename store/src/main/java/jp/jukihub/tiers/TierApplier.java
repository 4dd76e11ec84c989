package jp.jukihub.tiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Applies events to one identity tier inside the caller's transaction. Idempotent by version: a
 * row moves only to a newer version, and each version's change info is kept once, so replays and
 * duplicates change nothing and a late older event cannot overwrite a newer one.
 */
enum TierApplier {
  /** 都道府県サーバ: rows per (prefecture, person); events also go on towards J-LIS. */
  PREFECTURE("prefecture", true),
  /** 全国サーバ: one row per person for the whole nation. */
  NATIONAL("national", false);

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
    String columns = TierEvent.identityColumns(perPrefecture);
    String key = perPrefecture ? "pref_code, person_id" : "person_id";
    String placeholders = "?, ".repeat(columns.split(",").length - 1) + "?";
    try (PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO " + schema + ".identity (" + columns + ", updated_at) VALUES (" + placeholders + ", now())"
                    + " ON CONFLICT (" + key + ") DO UPDATE SET lg_code = EXCLUDED.lg_code,"
                    + " resident_code = EXCLUDED.resident_code, my_number = EXCLUDED.my_number,"
                    + " name_kanji = EXCLUDED.name_kanji, name_kana = EXCLUDED.name_kana,"
                    + " birth_date = EXCLUDED.birth_date, sex = EXCLUDED.sex, address_rest = EXCLUDED.address_rest,"
                    + " status = EXCLUDED.status, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,"
                    + " change_kind = EXCLUDED.change_kind, change_fields = EXCLUDED.change_fields,"
                    + " change_reason = EXCLUDED.change_reason, change_on = EXCLUDED.change_on"
                    + " WHERE " + schema + ".identity.version < EXCLUDED.version");
        PreparedStatement change =
            connection.prepareStatement(
                "INSERT INTO " + schema + ".identity_change (" + (perPrefecture ? "pref_code, " : "")
                    + "person_id, version, kind, fields, reason, effective_on) VALUES ("
                    + (perPrefecture ? "?, " : "") + "?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (TierEvent event : events) {
        event.bindIdentity(upsert, 1, perPrefecture);
        upsert.addBatch();
        int i = 1;
        if (perPrefecture) {
          change.setString(i++, event.prefCode());
        }
        change.setLong(i++, event.personId());
        change.setInt(i++, event.version());
        change.setString(i++, event.changeKind());
        change.setArray(i++, connection.createArrayOf("text", event.changeFields()));
        change.setString(i++, event.changeReason());
        change.setObject(i, event.changeOn());
        change.addBatch();
      }
      upsert.executeBatch();
      int fresh = 0;
      for (int count : change.executeBatch()) {
        fresh += Math.max(count, 0);
      }
      if (perPrefecture) {
        forward(connection, events);
      }
      return fresh;
    }
  }

  /** The prefecture's own outbox towards J-LIS, each municipal event once. */
  private static void forward(Connection connection, List<TierEvent> events) throws SQLException {
    String columns = TierEvent.identityColumns(true);
    String placeholders = "?, ".repeat(columns.split(",").length - 1) + "?";
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO prefecture.outbox (" + columns + ", source_event_id, municipal_created_at)"
                + " VALUES (" + placeholders + ", ?, ?) ON CONFLICT (source_event_id) DO NOTHING")) {
      for (TierEvent event : events) {
        int next = event.bindIdentity(insert, 1, true);
        insert.setLong(next++, event.eventId());
        insert.setObject(next, java.time.OffsetDateTime.ofInstant(event.originAt(), java.time.ZoneOffset.UTC));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
