package jp.jukihub.jpki;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.person.Sex;

/**
 * The resident a card is issued to, as their municipality's open record has them now: the basic 4
 * info the signing certificate carries, the person id that links the card to the register, and the
 * person's version as read (a later change revokes what was issued for it). Never printed: it holds
 * personal data.
 */
public record CardApplicant(
    long personId,
    int version,
    String nameKanji,
    Sex sex,
    LocalDate birthDate,
    LgCode lg,
    String addressRest) {

  private static final String CURRENT =
      "SELECT person_id, version, name_kanji, sex, birth_date, address_rest, status FROM municipal.resident"
          + " WHERE lg_code = $1 AND resident_code = $2 AND status <> 'moved_out'";

  /** Reads the applicant from the municipal tier; only a current resident may get a card here. */
  public static Future<CardApplicant> read(StorePool municipal, LgCode lg, ResidentCode code) {
    return municipal
        .pool()
        .preparedQuery(CURRENT)
        .execute(Tuple.of(lg.value(), code.value()))
        .recover(
            failure -> SqlFailures.unavailable("the municipal register did not answer", failure))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new HubException(
                    ErrorCode.RESIDENT_NOT_FOUND,
                    "this municipality holds no open record of that resident code");
              }
              Row row = rows.iterator().next();
              if (!"current".equals(row.getString("status"))) {
                throw new HubException(
                    ErrorCode.RECORD_CLOSED,
                    "the record is closed (" + row.getString("status") + ")");
              }
              return new CardApplicant(
                  row.getLong("person_id"),
                  row.getInteger("version"),
                  row.getString("name_kanji"),
                  Sex.ofCode(row.getShort("sex")),
                  row.getLocalDate("birth_date"),
                  lg,
                  row.getString("address_rest"));
            });
  }

  @Override
  public String toString() {
    return "CardApplicant(person " + personId + ")";
  }
}
