package jp.jukihub.database;

import io.vertx.pgclient.PgException;

/**
 * What may be logged of a database failure. PostgreSQL's messages can quote a row (a unique
 * violation's detail names the key's value: a resident code, a My Number), so a refusal by the
 * server is reduced to its SQL state, table and constraint before it goes anywhere near a log.
 */
public final class SqlFailures {
  private SqlFailures() {}

  public static Throwable withoutValues(Throwable failure) {
    if (failure instanceof PgException pg) {
      return new IllegalStateException(
          "the database refused a statement: SQL state " + pg.getSqlState()
              + (pg.getTable() == null ? "" : ", table " + pg.getSchema() + "." + pg.getTable())
              + (pg.getConstraint() == null ? "" : ", constraint " + pg.getConstraint()));
    }
    return failure;
  }
}
