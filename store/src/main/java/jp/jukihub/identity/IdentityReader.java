package jp.jukihub.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.Optional;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.register.GoLive;

/**
 * Reads identity confirmation info from the national tier (全国サーバ). Before My Number's
 * go-live no number resolves: the numbers are stored, not yet in force (seed 003).
 */
public final class IdentityReader implements IdentitySource {
  private final Pool national;
  private final GoLive goLive;
  private final Clock clock;

  public IdentityReader(Pool national, GoLive goLive, Clock clock) {
    this.national = national;
    this.goLive = goLive;
    this.clock = clock;
  }

  @Override
  public Future<Optional<IdentityRecord>> byMyNumber(MyNumber number) {
    if (!numbersLive()) {
      return Future.succeededFuture(Optional.empty());
    }
    return one("SELECT " + IdentityRecord.COLUMNS + " FROM national.identity WHERE my_number = $1", number.value());
  }

  @Override
  public Future<Optional<IdentityRecord>> byResidentCode(ResidentCode code) {
    return one("SELECT " + IdentityRecord.COLUMNS + " FROM national.identity WHERE resident_code = $1", code.value());
  }

  /** A person's changes as the national tier recorded them, oldest first. */
  @Override
  public Future<java.util.List<IdentityChange>> changes(long personId) {
    return national
        .preparedQuery(
            "SELECT version, kind, fields, reason, effective_on FROM national.identity_change WHERE person_id = $1 ORDER BY version")
        .execute(Tuple.of(personId))
        .map(rows -> {
          java.util.List<IdentityChange> changes = new java.util.ArrayList<>();
          rows.forEach(row -> changes.add(new IdentityChange(
              row.getInteger("version"), row.getString("kind"), java.util.List.of(row.getArrayOfStrings("fields")),
              row.getString("reason"), row.getLocalDate("effective_on"))));
          return changes;
        })
        .recover(cause -> SqlFailures.unavailable("the national tier did not answer", cause));
  }

  /** One change: what (kind, fields), why (reason), when (effective date). */
  public record IdentityChange(int version, String kind, java.util.List<String> fields, String reason, java.time.LocalDate effectiveOn) {}

  @Override
  public boolean numbersLive() {
    return goLive.numbersVisible(clock.instant());
  }

  private Future<Optional<IdentityRecord>> one(String sql, String key) {
    return national
        .preparedQuery(sql)
        .execute(Tuple.of(key))
        .map(rows -> rows.size() == 0 ? Optional.<IdentityRecord>empty() : Optional.of(IdentityRecord.of(rows.iterator().next())))
        .recover(cause -> SqlFailures.unavailable("the national tier did not answer", cause));
  }
}
