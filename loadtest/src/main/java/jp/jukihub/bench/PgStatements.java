package jp.jukihub.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;

/**
 * Where PostgreSQL spends its time per answer, by statement, from pg_stat_statements (loaded in the
 * benchmarks' embedded server, see {@link BenchDatabase}): reset before a measured window, read
 * after it. Execution time only: a commit's wait for its WAL to reach the disk is not in it.
 */
final class PgStatements {
  /** The server settings that load the extension; given to the embedded server at start. */
  static final Map<String, String> SERVER_SETTINGS =
      Map.of("shared_preload_libraries", "pg_stat_statements", "pg_stat_statements.track", "all");

  private final DatabaseTarget admin;
  private final boolean available;

  private PgStatements(DatabaseTarget admin, boolean available) {
    this.admin = admin;
    this.available = available;
  }

  /** Ready on {@code database}'s server when the extension is loaded there; silent otherwise. */
  static PgStatements on(DatabaseTarget database) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      statement.execute("SELECT pg_stat_statements_reset()");
      return new PgStatements(database, true);
    } catch (SQLException e) {
      System.err.println(
          "bench: no statement breakdown (pg_stat_statements: " + e.getMessage() + ")");
      return new PgStatements(database, false);
    }
  }

  void reset() throws SQLException {
    if (!available) {
      return;
    }
    try (Connection connection = admin.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_stat_statements_reset()");
    }
  }

  /**
   * The {@code top} statements by execution time since the reset, per one of {@code answers}, as
   * lines to print (empty when the extension is not loaded).
   */
  String report(long answers, int top) throws SQLException {
    if (!available || answers == 0) {
      return "";
    }
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    try (Connection connection = admin.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT sum(total_exec_time) OVER () AS all_ms, total_exec_time, calls, rows,"
                    + " wal_bytes, wal_fpi, regexp_replace(query, '\\s+', ' ', 'g') AS query"
                    + " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT ?")) {
      select.setInt(1, top);
      try (ResultSet rows = select.executeQuery()) {
        boolean first = true;
        while (rows.next()) {
          if (first) {
            out.printf(
                "  PostgreSQL statements (pg_stat_statements, execution time, per answer or change): %.1f µs in all%n",
                rows.getDouble("all_ms") * 1000 / answers);
            first = false;
          }
          String query = rows.getString("query");
          out.printf(
              "    %6.1f µs  %5.2f calls  %6.2f rows  %7.0f WAL bytes  %5.3f FPI  %s%n",
              rows.getDouble("total_exec_time") * 1000 / answers,
              rows.getDouble("calls") / answers,
              rows.getDouble("rows") / answers,
              rows.getDouble("wal_bytes") / answers,
              rows.getDouble("wal_fpi") / answers,
              query.length() > 110 ? query.substring(0, 110) + "…" : query);
        }
      }
    }
    out.flush();
    return text.toString();
  }
}
