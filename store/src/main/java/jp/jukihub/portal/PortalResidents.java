package jp.jukihub.portal;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.Optional;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.Sex;

/**
 * The logged-in resident's own identity record (本人確認情報), from J-LIS's national copy: what My Portal
 * shows them about themselves, found by the person id their certificate names.
 */
public final class PortalResidents {
  private static final String BY_PERSON_ID =
      "SELECT person_id, resident_code, my_number, name_kanji, name_kana, birth_date, sex,"
          + " lg_code, address_rest, status, version FROM national.identity WHERE person_id = $1";

  /**
   * A resident as the national copy holds them. Personal data: {@link #toString()} names only the
   * person id and version.
   *
   * @param myNumber null until J-LIS has assigned one
   * @param status {@code current}, {@code moved_out} or {@code deceased}
   */
  public record Resident(
      long personId,
      ResidentCode residentCode,
      MyNumber myNumber,
      String nameKanji,
      String nameKana,
      LocalDate birthDate,
      Sex sex,
      String lgCode,
      String addressRest,
      String status,
      int version) {
    @Override
    public String toString() {
      return "Resident(person " + personId + " v" + version + ")";
    }
  }

  private final Pool national;

  public PortalResidents(StorePool national) {
    this.national = national.pool();
  }

  public Future<Optional<Resident>> byPersonId(long personId) {
    return national
        .preparedQuery(BY_PERSON_ID)
        .execute(Tuple.of(personId))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.<Resident>empty()
                    : Optional.of(resident(rows.iterator().next())))
        .recover(e -> SqlFailures.unavailable("the resident's record cannot be read", e));
  }

  private static Resident resident(Row row) {
    String myNumber = row.getString("my_number");
    return new Resident(
        row.getLong("person_id"),
        ResidentCode.of(row.getString("resident_code")),
        myNumber == null ? null : MyNumber.of(myNumber),
        row.getString("name_kanji"),
        row.getString("name_kana"),
        row.getLocalDate("birth_date"),
        Sex.ofCode(row.getInteger("sex")),
        row.getString("lg_code"),
        row.getString("address_rest"),
        row.getString("status"),
        row.getInteger("version"));
  }
}
