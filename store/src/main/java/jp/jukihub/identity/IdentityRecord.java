package jp.jukihub.identity;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import jp.jukihub.number.LgCode;
import jp.jukihub.person.Sex;

/**
 * Identity confirmation info (本人確認情報) as a tier holds it: the 4 info, My Number, resident code,
 * status and the last change. Never printed: it is personal data.
 */
public record IdentityRecord(
    long personId,
    LgCode municipality,
    String residentCode,
    String myNumber,
    String nameKanji,
    String nameKana,
    LocalDate birthDate,
    Sex sex,
    String addressRest,
    String status,
    int version,
    Instant updatedAt,
    String changeKind,
    String changeReason,
    LocalDate changeOn) {

  static final String COLUMNS =
      "person_id, lg_code, resident_code, my_number, name_kanji, name_kana, birth_date, sex, address_rest, status,"
          + " version, updated_at, change_kind, change_reason, change_on";

  static IdentityRecord of(Row row) {
    return new IdentityRecord(
        row.getLong("person_id"),
        LgCode.of(row.getString("lg_code")),
        row.getString("resident_code"),
        row.getString("my_number"),
        row.getString("name_kanji"),
        row.getString("name_kana"),
        row.getLocalDate("birth_date"),
        Sex.ofCode(row.getInteger("sex")),
        row.getString("address_rest"),
        row.getString("status"),
        row.getInteger("version"),
        row.getOffsetDateTime("updated_at").toInstant(),
        row.getString("change_kind"),
        row.getString("change_reason"),
        row.getLocalDate("change_on"));
  }

  @Override
  public String toString() {
    return "IdentityRecord(person " + personId + " v" + version + ")";
  }
}
