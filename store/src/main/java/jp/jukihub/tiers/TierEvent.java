package jp.jukihub.tiers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One change on its way up the tiers: the identity info (本人確認情報) of a person after the change, with
 * its version and the change info. Applying the same event twice, or an older one after a newer
 * one, changes nothing. Never printed: it holds personal data.
 */
record TierEvent(
    long eventId,
    long personId,
    int version,
    String prefCode,
    String lgCode,
    String residentCode,
    String myNumber,
    String nameKanji,
    String nameKana,
    LocalDate birthDate,
    short sex,
    String addressRest,
    String status,
    String changeKind,
    String[] changeFields,
    String changeReason,
    LocalDate changeOn,
    Instant originAt) {

  /** The columns {@link #read} reads (with {@code event_id} and an {@code origin_at}). */
  static final String COLUMNS =
      "person_id, version, pref_code, lg_code, resident_code, my_number, name_kanji, name_kana, birth_date, sex,"
          + " address_rest, status, change_kind, change_fields, change_reason, change_on";

  static TierEvent read(ResultSet row) throws SQLException {
    return new TierEvent(
        row.getLong("event_id"),
        row.getLong("person_id"),
        row.getInt("version"),
        row.getString("pref_code"),
        row.getString("lg_code"),
        row.getString("resident_code"),
        row.getString("my_number"),
        row.getString("name_kanji"),
        row.getString("name_kana"),
        row.getObject("birth_date", LocalDate.class),
        row.getShort("sex"),
        row.getString("address_rest"),
        row.getString("status"),
        row.getString("change_kind"),
        (String[]) row.getArray("change_fields").getArray(),
        row.getString("change_reason"),
        row.getObject("change_on", LocalDate.class),
        row.getTimestamp("origin_at").toInstant());
  }

  @Override
  public String toString() {
    return "TierEvent(" + eventId + ", person " + personId + " v" + version + ")";
  }
}
