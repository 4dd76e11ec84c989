package jp.jukihub.database;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * What may be logged of a database failure. PostgreSQL's messages can quote a row (a unique
 * violation's detail names the key's value: a resident code, a My Number), so a refusal by the
 * server is reduced to its SQL state, table and constraint before it goes anywhere near a log.
 */
public final class SqlFailures {
  private SqlFailures() {}

  /**
   * A failed read or write as the caller should see it: a problem the store already named passes as
   * it is; anything else is 503 {@code STORE_UNAVAILABLE}, its cause stripped of values.
   */
  public static <T> Future<T> unavailable(String detail, Throwable cause) {
    return Future.failedFuture(
        cause instanceof HubException
            ? cause
            : new HubException(ErrorCode.STORE_UNAVAILABLE, detail, withoutValues(cause)));
  }

  public static Throwable withoutValues(Throwable failure) {
    if (failure instanceof PgException pg) {
      return new IllegalStateException(
          "the database refused a statement: SQL state "
              + pg.getSqlState()
              + (pg.getTable() == null ? "" : ", table " + pg.getSchema() + "." + pg.getTable())
              + (pg.getConstraint() == null ? "" : ", constraint " + pg.getConstraint()));
    }
    return failure;
  }
}
