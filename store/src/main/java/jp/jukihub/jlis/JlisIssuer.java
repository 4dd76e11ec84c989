package jp.jukihub.jlis;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;

/**
 * J-LIS as the municipalities' counterpart: it hands out bundles of resident codes, and answers the
 * call for the number that becomes a person's My Number (番号法第8条), in the national tier.
 *
 * <p>Every code and number ever issued is registered there, so both are unique nationwide; a number
 * that collides with one already issued is resolved by the generator's next attempt, the same way
 * every time. Each call is idempotent: asked again for the same code (or to replace the same leaked
 * number), J-LIS answers the number it issued the first time, so a municipal write that failed
 * after the call can simply be retried.
 */
public final class JlisIssuer {
  private static final int MAX_ATTEMPTS = 1_000;
  private static final String LIVE_NUMBER =
      "SELECT my_number FROM national.issued_number WHERE resident_code = $1 AND retired_at IS NULL";

  private final Pool national;
  private final ThreadLocal<MyNumberGenerator> generators;
  private final SecureRandom random = new SecureRandom();

  public JlisIssuer(StorePool national, byte[] numberKey) {
    this.national = national.pool();
    byte[] key = numberKey.clone();
    new MyNumberGenerator(key); // refuses a short key now, not on the first call
    this.generators = ThreadLocal.withInitial(() -> new MyNumberGenerator(key));
  }

  /** The number for a newly registered resident code: the same one on every call. */
  public Future<MyNumber> numberFor(ResidentCode code) {
    return national
        .preparedQuery(LIVE_NUMBER)
        .execute(Tuple.of(code.value()))
        .compose(
            rows ->
                rows.size() > 0
                    ? Future.succeededFuture(number(rows.iterator().next()))
                    : issue(national, code, null, 0))
        .recover(JlisIssuer::unavailable);
  }

  /** Retires a leaked number and issues the next one for the same code, in one transaction. */
  public Future<MyNumber> replace(ResidentCode code, MyNumber leaked) {
    return national
        .withTransaction(
            connection ->
                connection
                    .preparedQuery(LIVE_NUMBER + " AND replaces = $2")
                    .execute(Tuple.of(code.value(), leaked.value()))
                    .compose(
                        done -> {
                          if (done.size() > 0) {
                            return Future.succeededFuture(number(done.iterator().next()));
                          }
                          return connection
                              .preparedQuery(
                                  "UPDATE national.issued_number SET retired_at = now()"
                                      + " WHERE my_number = $1 AND resident_code = $2 AND retired_at IS NULL")
                              .execute(Tuple.of(leaked.value(), code.value()))
                              .compose(
                                  retired ->
                                      retired.rowCount() == 1
                                          ? issue(connection, code, leaked, 0)
                                          : Future.failedFuture(
                                              new HubException(
                                                  ErrorCode.INTERNAL,
                                                  "J-LIS holds a different live number for this resident code")));
                        }))
        .recover(JlisIssuer::unavailable);
  }

  /** A bundle of {@code count} fresh resident codes for a municipality. */
  public Future<List<ResidentCode>> issueCodes(LgCode municipality, int count) {
    List<String> candidates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      candidates.add(ResidentCode.fromBase(random.nextLong(ResidentCode.BASE_LIMIT)).value());
    }
    return national
        .preparedQuery(
            "INSERT INTO national.issued_code (resident_code, lg_code)"
                + " SELECT code, $2 FROM unnest($1::text[]) AS code ON CONFLICT DO NOTHING RETURNING resident_code")
        .execute(Tuple.of(candidates.toArray(String[]::new), municipality.value()))
        .map(
            rows -> {
              List<ResidentCode> issued = new ArrayList<>(rows.size());
              rows.forEach(row -> issued.add(ResidentCode.of(row.getString(0))));
              return issued;
            })
        .recover(JlisIssuer::unavailable);
  }

  private Future<MyNumber> issue(
      SqlClient client, ResidentCode code, MyNumber replaces, int attempt) {
    if (attempt == MAX_ATTEMPTS) {
      return Future.failedFuture(
          new HubException(
              ErrorCode.INTERNAL, "no free number after " + MAX_ATTEMPTS + " attempts"));
    }
    MyNumber candidate = generators.get().candidate(code, attempt);
    return client
        .preparedQuery(
            "INSERT INTO national.issued_number (my_number, resident_code, attempt, replaces)"
                + " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .execute(
            Tuple.of(
                candidate.value(),
                code.value(),
                attempt,
                replaces == null ? null : replaces.value()))
        .compose(
            inserted -> {
              if (inserted.rowCount() == 1) {
                return Future.succeededFuture(candidate);
              }
              // Either another code holds the candidate (a collision: try the next attempt), or a
              // concurrent call for this code has just issued its number (answer that one).
              return client
                  .preparedQuery(LIVE_NUMBER)
                  .execute(Tuple.of(code.value()))
                  .compose(
                      rows ->
                          rows.size() > 0
                              ? Future.succeededFuture(number(rows.iterator().next()))
                              : issue(client, code, replaces, attempt + 1));
            });
  }

  private static MyNumber number(Row row) {
    return MyNumber.of(row.getString(0));
  }

  private static <T> Future<T> unavailable(Throwable cause) {
    return SqlFailures.unavailable("J-LIS did not answer", cause);
  }
}
