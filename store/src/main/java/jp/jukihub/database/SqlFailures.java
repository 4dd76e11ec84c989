package jp.jukihub.database;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

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

  /**
   * {@code work} as it completes, or 503 {@code STORE_UNAVAILABLE} with {@code detail} once {@code
   * millis} pass first: a server that hangs neither answers nor refuses, and would hold the request
   * until TCP gives up. Its other failures pass as they are.
   */
  public static <T> Future<T> within(long millis, String detail, Future<T> work) {
    return work.timeout(millis, TimeUnit.MILLISECONDS)
        .recover(
            cause ->
                Future.failedFuture(
                    cause instanceof TimeoutException
                        ? new HubException(ErrorCode.STORE_UNAVAILABLE, detail)
                        : cause));
  }

  /**
   * A failed blocking (JDBC) read or write as the store's callers see it: 503 {@code
   * STORE_UNAVAILABLE}, unchecked, whose detail ends with the SQL state ("{@code detail (SQL state
   * 08006)}": what the runbooks read) and whose cause is stripped of values. Callers outside the
   * store thus never handle an {@link SQLException}.
   */
  public static HubException storeUnavailable(String detail, SQLException cause) {
    return new HubException(
        ErrorCode.STORE_UNAVAILABLE,
        detail + " (SQL state " + cause.getSQLState() + ")",
        withoutValues(cause));
  }

  /**
   * Whether the server refused because it cannot serve now, not because the statement is wrong: a
   * lost or refused connection (class 08), a server that is shutting down or starting up (57P01 to
   * 57P03, and the rest of class 57), out of disk, memory or connections (class 53), or an I/O or
   * system error (class 58). Such a refusal is an outage (503), never a bug (500).
   */
  public static boolean isOutage(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08")
            || sqlState.startsWith("53")
            || sqlState.startsWith("57")
            || sqlState.startsWith("58"));
  }

  public static Throwable withoutValues(Throwable failure) {
    if (failure instanceof PgException pg) {
      return refusal(pg.getSqlState(), pg.getSchema(), pg.getTable(), pg.getConstraint());
    }
    if (failure instanceof PSQLException jdbc && jdbc.getServerErrorMessage() != null) {
      ServerErrorMessage server = jdbc.getServerErrorMessage();
      return refusal(
          server.getSQLState(), server.getSchema(), server.getTable(), server.getConstraint());
    }
    return failure;
  }

  private static Throwable refusal(String state, String schema, String table, String constraint) {
    return new IllegalStateException(
        "the database refused a statement: SQL state "
            + state
            + (table == null ? "" : ", table " + schema + "." + table)
            + (constraint == null ? "" : ", constraint " + constraint));
  }
}
