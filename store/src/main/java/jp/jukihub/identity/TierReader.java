package jp.jukihub.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.database.StorePool;

/**
 * Reads identity confirmation info from one view of one tier's database. A scoped view (a
 * prefecture's or a municipality's own residents) takes the area, a prefecture or municipality
 * code, with every read; the others take none.
 */
public final class TierReader {
  private final Pool pool;
  private final TierView view;

  public TierReader(StorePool pool, TierView view) {
    this.pool = pool.pool();
    this.view = view;
  }

  /**
   * Runs one statement on a connection taken from the pool. Not {@code pool.preparedQuery}: a
   * pool-level statement that times out waiting for a connection (a database that hangs) stays in
   * the pool's wait queue until one is free, so the waiters grow with the hang and all run once it
   * ends; a taken connection's wait is given up with its timeout.
   */
  private Future<RowSet<Row>> execute(String sql, Tuple args) {
    return pool.withConnection(connection -> connection.preparedQuery(sql).execute(args));
  }

  public TierView view() {
    return view;
  }

  public Future<Optional<IdentityRecord>> find(IdentityKey key, String area) {
    String sql = key.kind() == IdentityKey.Kind.MY_NUMBER ? view.byMyNumber : view.byResidentCode;
    Tuple args = view.scoped() ? Tuple.of(key.value(), requireArea(area)) : Tuple.of(key.value());
    return execute(sql, args)
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.<IdentityRecord>empty()
                    : Optional.of(IdentityRecord.of(rows.iterator().next())))
        .recover(this::unavailable);
  }

  /** At most {@code limit} persons matching the query, by person id. */
  public Future<List<IdentityRecord>> search(FourInfoQuery query, String area, int limit) {
    Tuple args =
        Tuple.of(
            query.nameKana(),
            query.birthDate(),
            query.sex().map(sex -> (short) sex.code()).orElse(null),
            query.lgCode().map(lg -> lg.value()).orElse(null),
            query.addressStart().orElse(null),
            limit);
    if (view.scoped()) {
      args.addString(requireArea(area));
    }
    return execute(view.search, args).map(TierReader::records).recover(this::unavailable);
  }

  /** A person's changes as this tier recorded them, oldest first. */
  public Future<List<IdentityChange>> changes(long personId, String area) {
    Tuple args = view.changesByArea() ? Tuple.of(personId, requireArea(area)) : Tuple.of(personId);
    return execute(view.changes, args)
        .map(
            rows -> {
              List<IdentityChange> changes = new ArrayList<>();
              rows.forEach(
                  row ->
                      changes.add(
                          new IdentityChange(
                              row.getInteger("version"),
                              row.getString("kind"),
                              List.of(row.getArrayOfStrings("fields")),
                              row.getString("reason"),
                              row.getLocalDate("effective_on"))));
              return changes;
            })
        .recover(this::unavailable);
  }

  private static List<IdentityRecord> records(RowSet<Row> rows) {
    List<IdentityRecord> records = new ArrayList<>(rows.size());
    rows.forEach(row -> records.add(IdentityRecord.of(row)));
    return records;
  }

  private static String requireArea(String area) {
    if (area == null) {
      throw new IllegalArgumentException("a scoped tier view needs its area");
    }
    return area;
  }

  private <T> Future<T> unavailable(Throwable cause) {
    return SqlFailures.unavailable("the " + view.tier() + " tier did not answer", cause);
  }
}
