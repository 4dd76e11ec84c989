package jp.jukihub.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;

/**
 * {@code hub audit prune}: drops monthly partitions that are past the retention period and were
 * exported complete. Each drop keeps an anchor (the last record of each chain in that month) so a
 * full verify can start at the first record kept.
 */
public final class AuditPrune {
  private final Period retention;
  private final Clock clock;

  public AuditPrune(Period retention, Clock clock) {
    this.retention = retention;
    this.clock = clock;
  }

  /** What happened to one month. */
  public record Decision(YearMonth month, boolean dropped, String reason) {
    public String describe() {
      return month + (dropped ? ": dropped (" : ": kept (") + reason + ")";
    }
  }

  public List<Decision> prune(DatabaseTarget target, boolean dryRun) throws SQLException {
    LocalDate cutoff = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minus(retention);
    List<Decision> decisions = new ArrayList<>();
    try (Connection connection = target.as(DatabaseRole.AUDIT_PRUNE).dataSource().getConnection()) {
      YearMonth keptBefore = null;
      for (YearMonth month : months(connection)) {
        if (month.plusMonths(1).atDay(1).isAfter(cutoff)) {
          continue; // inside the retention period: not even a candidate
        }
        String table = "audit." + AuditPartitions.tableName(month);
        long stored = count(connection, table);
        Long exported = exportedCount(connection, month);
        if (stored == 0 && !dryRun) {
          drop(connection, month, table);
          decisions.add(new Decision(month, true, "empty"));
        } else if (keptBefore != null) {
          // Months go oldest first: the chains must stay whole from the first record kept.
          decisions.add(
              new Decision(
                  month, false, "the older month " + keptBefore + " is kept, so this one is too"));
        } else if (exported == null) {
          decisions.add(
              new Decision(
                  month,
                  false,
                  "past retention but never exported: run hub audit export --month " + month));
        } else if (exported != stored) {
          decisions.add(
              new Decision(
                  month,
                  false,
                  "export holds "
                      + exported
                      + " records but the month has "
                      + stored
                      + ": export it again"));
        } else if (dryRun) {
          decisions.add(
              new Decision(month, false, "would drop " + stored + " exported records (dry run)"));
        } else {
          drop(connection, month, table);
          decisions.add(new Decision(month, true, stored + " records, exported"));
        }
        boolean droppable = stored == 0 || (exported != null && exported == stored);
        if (!droppable && keptBefore == null) {
          keptBefore = month;
        }
      }
    }
    return decisions;
  }

  private static List<YearMonth> months(Connection connection) throws SQLException {
    List<YearMonth> months = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                    + " JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace"
                    + " WHERE n.nspname = 'audit' AND p.relname = 'record'")) {
      while (rows.next()) {
        AuditPartitions.monthOf(rows.getString(1)).ifPresent(months::add);
      }
    }
    months.sort(null);
    return months;
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static Long exportedCount(Connection connection, YearMonth month) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT records FROM audit.export WHERE month = ?")) {
      select.setObject(1, month.atDay(1));
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : null;
      }
    }
  }

  /** Anchors, then the drop with its checkpoints, in one transaction: all of it or none. */
  private static void drop(Connection connection, YearMonth month, String table)
      throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      // DROP locks the whole table: behind a running verify or export it would stall the writer.
      statement.execute("SET LOCAL lock_timeout = '2s'");
      TreeMap<String, SeqRange> lasts = new TreeMap<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT chain, min(seq), max(seq) FROM " + table + " GROUP BY chain")) {
        while (rows.next()) {
          lasts.put(rows.getString(1), new SeqRange(rows.getLong(2), rows.getLong(3)));
        }
      }
      try (PreparedStatement anchor =
          connection.prepareStatement(
              "INSERT INTO audit.anchor (chain, month, seq, hash) SELECT chain, ?, seq, hash FROM "
                  + table
                  + " WHERE chain = ? AND seq = ?")) {
        for (var entry : lasts.entrySet()) {
          anchor.setObject(1, month.atDay(1));
          anchor.setString(2, entry.getKey());
          anchor.setLong(3, entry.getValue().last());
          anchor.executeUpdate();
        }
      }
      // Only the owner may drop a partition or delete a checkpoint; the prune role asks
      // audit.drop_month (V12), which checks again that the month is empty or exported whole and
      // drops it with the checkpoints inside it.
      try (PreparedStatement dropMonth =
          connection.prepareStatement("SELECT audit.drop_month(?)")) {
        dropMonth.setObject(1, month.atDay(1));
        dropMonth.execute();
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }
}
