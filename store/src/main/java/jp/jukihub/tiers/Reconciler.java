package jp.jukihub.tiers;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.tiers.TierTopology.PrefectureGroup;

/**
 * Compares the identity tiers with the municipal tier, municipality by municipality (row count and
 * a checksum over every identity column), and repairs a diverging municipality from the municipal
 * tier, which is the source of truth. Blocking: for the command line.
 *
 * <p>What a tier should hold follows from the municipal records: the national tier, each person's
 * latest record; a prefecture, each person's latest record in that prefecture (a person who moved
 * away stays there as moved out). Changes still in flight show as divergence until shipped; a
 * repair leaves alone any row the shipper wrote after it read the municipal tier.
 */
public final class Reconciler {
  /**
   * One municipality whose rows in a tier differ from what the municipal tier says they should be.
   */
  public record Divergence(String tier, String lgCode, Tally expected, Tally actual) {}

  /** Rows and their checksum; {@code ZERO} when a side has none. */
  public record Tally(long rows, BigDecimal checksum) {
    static final Tally ZERO = new Tally(0, BigDecimal.ZERO);
  }

  /** What a run found, and (with fix) how many rows it rewrote or removed. */
  public record Report(
      int municipalitiesCompared, List<Divergence> divergences, long rowsRepaired) {}

  private static final String ROW_HASH =
      "('x' || substr(md5(concat_ws('|', person_id, lg_code, resident_code, my_number, name_kanji, name_kana,"
          + " birth_date, sex, address_rest, status, version)), 1, 15))::bit(60)::bigint";
  private static final String IDENTITY =
      "person_id, lg_code, resident_code, my_number, name_kanji, name_kana, birth_date, sex, address_rest, status, version";

  private final TierTopology topology;

  public Reconciler(TierTopology topology) {
    this.topology = topology;
  }

  public Report run(boolean fix) throws SQLException {
    // Repairs reuse one connection per server: a log-in (SCRAM) cost more than a repair itself.
    try (Connections connections = new Connections()) {
      return run(fix, connections);
    }
  }

  private Report run(boolean fix, Connections connections) throws SQLException {
    List<Divergence> divergences = new ArrayList<>();
    Set<String> compared = new TreeSet<>();
    long repaired = 0;
    Map<String, Tally> nationalExpected =
        tallies(topology.municipal(), expected("person_id", null));
    Map<String, Tally> nationalActual =
        tallies(topology.national(), "SELECT * FROM national.identity");
    compared.addAll(nationalExpected.keySet());
    for (Divergence divergence : compare("national", nationalExpected, nationalActual)) {
      divergences.add(divergence);
      if (fix) {
        repaired += repair(connections, topology.national(), "national", null, divergence.lgCode());
      }
    }
    for (PrefectureGroup group : topology.prefectures()) {
      Map<String, Tally> expected =
          tallies(topology.municipal(), expected("substr(lg_code, 1, 2), person_id", group));
      Map<String, Tally> actual =
          tallies(
              group.target(),
              "SELECT * FROM prefecture.identity WHERE pref_code IN (" + codes(group) + ")");
      for (Divergence divergence : compare("prefecture", expected, actual)) {
        divergences.add(divergence);
        if (fix) {
          repaired += repair(connections, group.target(), "prefecture", group, divergence.lgCode());
        }
      }
    }
    return new Report(compared.size(), divergences, repaired);
  }

  /** The rows a tier should hold, as one SELECT over the municipal tier. */
  private static String expected(String distinctOn, PrefectureGroup group) {
    return expected(distinctOn, group, null);
  }

  /** The rows a tier should hold, of the persons that {@code condition} (if any) selects. */
  private static String expected(String distinctOn, PrefectureGroup group, String condition) {
    List<String> conditions = new ArrayList<>();
    if (group != null && !group.holdsAll()) {
      conditions.add("substr(lg_code, 1, 2) IN (" + codes(group) + ")");
    }
    if (condition != null) {
      conditions.add(condition);
    }
    String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    return "SELECT DISTINCT ON ("
        + distinctOn
        + ") "
        + IDENTITY
        + " FROM municipal.resident"
        + where
        + " ORDER BY "
        + distinctOn
        + ", version DESC";
  }

  private static Map<String, Tally> tallies(DatabaseTarget target, String rows)
      throws SQLException {
    Map<String, Tally> tallies = new TreeMap<>();
    try (Connection connection = target.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT lg_code, count(*), sum("
                    + ROW_HASH
                    + ") FROM ("
                    + rows
                    + ") AS r GROUP BY lg_code")) {
      while (result.next()) {
        tallies.put(result.getString(1), new Tally(result.getLong(2), result.getBigDecimal(3)));
      }
    }
    return tallies;
  }

  private static List<Divergence> compare(
      String tier, Map<String, Tally> expected, Map<String, Tally> actual) {
    Set<String> municipalities = new TreeSet<>(expected.keySet());
    municipalities.addAll(actual.keySet());
    List<Divergence> divergences = new ArrayList<>();
    for (String lg : municipalities) {
      Tally want = expected.getOrDefault(lg, Tally.ZERO);
      Tally have = actual.getOrDefault(lg, Tally.ZERO);
      if (want.rows() != have.rows() || want.checksum().compareTo(have.checksum()) != 0) {
        divergences.add(new Divergence(tier, lg, want, have));
      }
    }
    return divergences;
  }

  /**
   * Rewrites one municipality's rows in a tier from the municipal tier, in one transaction: rows
   * that should not be there go, the others are set to the municipal values whatever their version.
   */
  private long repair(
      Connections connections, DatabaseTarget target, String tier, PrefectureGroup group, String lg)
      throws SQLException {
    Connection connection = connections.to(target);
    // Rows the shipper writes after this instant are newer than the municipal read below: leave
    // them.
    java.sql.Timestamp cutoff;
    try (Statement statement = connection.createStatement();
        ResultSet now = statement.executeQuery("SELECT clock_timestamp()")) {
      now.next();
      cutoff = now.getTimestamp(1);
      connection.commit();
    }
    List<Object[]> rows = new ArrayList<>();
    String distinctOn = group == null ? "person_id" : "substr(lg_code, 1, 2), person_id";
    Connection municipal = connections.to(topology.municipal());
    try (PreparedStatement select =
        municipal.prepareStatement(
            "SELECT "
                + IDENTITY
                + " FROM ("
                // Only the persons with a row there: the whole register's latest rows, sorted
                // for each municipality, made a nation's repair quadratic.
                + expected(
                    distinctOn,
                    group,
                    "person_id IN (SELECT person_id FROM municipal.resident WHERE lg_code = ?)")
                + ") AS latest WHERE lg_code = ?")) {
      select.setString(1, lg);
      select.setString(2, lg);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          Object[] row = new Object[11];
          for (int i = 0; i < row.length; i++) {
            row[i] = result.getObject(i + 1);
          }
          rows.add(row);
        }
      }
      municipal.commit();
    }
    String table = tier + ".identity";
    String key = group == null ? "person_id" : "pref_code, person_id";
    long changed = 0;
    try (PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM "
                    + table
                    + " WHERE lg_code = ? AND NOT (person_id = ANY (?)) AND updated_at < ?"
                    + (group == null ? "" : " AND pref_code = substr(lg_code, 1, 2)"));
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO "
                    + table
                    + " ("
                    + (group == null ? "" : "pref_code, ")
                    + IDENTITY
                    + ", updated_at,"
                    + " change_kind) VALUES ("
                    + (group == null ? "" : "?, ")
                    + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " now(), 'reconciled') ON CONFLICT ("
                    + key
                    + ") DO UPDATE SET "
                    + TierApplier.IDENTITY_FROM_EXCLUDED
                    + ", updated_at = now(),"
                    + " change_kind = 'reconciled'"
                    + " WHERE "
                    + table
                    + ".updated_at < ? AND ("
                    + table
                    + ".lg_code, "
                    + table
                    + ".resident_code, "
                    + table
                    + ".my_number, "
                    + table
                    + ".name_kanji, "
                    + table
                    + ".name_kana, "
                    + table
                    + ".birth_date, "
                    + table
                    + ".sex, "
                    + table
                    + ".address_rest, "
                    + table
                    + ".status, "
                    + table
                    + ".version) IS DISTINCT FROM"
                    + " (EXCLUDED.lg_code, EXCLUDED.resident_code, EXCLUDED.my_number, EXCLUDED.name_kanji,"
                    + " EXCLUDED.name_kana, EXCLUDED.birth_date, EXCLUDED.sex, EXCLUDED.address_rest,"
                    + " EXCLUDED.status, EXCLUDED.version)")) {
      delete.setString(1, lg);
      delete.setArray(
          2, connection.createArrayOf("bigint", rows.stream().map(row -> row[0]).toArray()));
      delete.setTimestamp(3, cutoff);
      changed += delete.executeUpdate();
      for (Object[] row : rows) {
        int i = 1;
        if (group != null) {
          upsert.setString(i++, lg.substring(0, 2));
        }
        for (Object value : row) {
          upsert.setObject(i++, value);
        }
        upsert.setTimestamp(i, cutoff);
        upsert.addBatch();
      }
      for (int count : upsert.executeBatch()) {
        changed += Math.max(count, 0);
      }
      try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
        notify.setString(1, Notifications.IDENTITY);
        notify.setString(2, tier + ":" + IdentityInvalidations.EVERYONE);
        notify.execute();
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
    return changed;
  }

  /** One connection to each server a run touches, opened at first need, each in a transaction. */
  private static final class Connections implements AutoCloseable {
    private final Map<DatabaseTarget, Connection> open = new HashMap<>();

    Connection to(DatabaseTarget target) throws SQLException {
      Connection connection = open.get(target);
      if (connection == null) {
        connection = target.dataSource().getConnection();
        connection.setAutoCommit(false);
        open.put(target, connection);
      }
      return connection;
    }

    @Override
    public void close() throws SQLException {
      SQLException first = null;
      for (Connection connection : open.values()) {
        try {
          connection.close();
        } catch (SQLException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  private static String codes(PrefectureGroup group) {
    return String.join(
        ", ", group.prefectureCodes().stream().map(code -> "'" + code + "'").toList());
  }
}
