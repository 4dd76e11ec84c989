package jp.jukihub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;

/**
 * What a running hub says happened during a run, from outside it: identity cache hits and misses
 * from its ops port, and audit records from its chain in the audit table. Records are counted in
 * the table, not in the writer's meters, because the table is what "durable" promises.
 */
final class HubProbe {
  private static final Map<String, String> HITS = Map.of("cache", "identity", "result", "hit");
  private static final Map<String, String> MISSES = Map.of("cache", "identity", "result", "miss");
  private static final int SETTLE_POLLS = 50;
  private static final long SETTLE_POLL_MILLIS = 100;

  private final OpsMetrics meters;
  private final DatabaseTarget database;
  private final String chain;

  HubProbe(int opsPort, DatabaseTarget database, String chain) {
    this.meters = new OpsMetrics(opsPort);
    this.database = database;
    this.chain = chain;
  }

  /** The counts at the start of a run. */
  record Mark(double hits, double misses, long records) {}

  /** What a run added: cache hits and misses, audit records committed. */
  record Seen(double hits, double misses, long records) {
    double hitRatio() {
      return hits + misses == 0 ? Double.NaN : hits / (hits + misses);
    }

    Seen plus(Seen other) {
      return new Seen(hits + other.hits, misses + other.misses, records + other.records);
    }
  }

  Mark mark() throws Exception {
    OpsMetrics.Scrape scrape = meters.scrape();
    return new Mark(scrape.sum("cache_gets_total", HITS), scrape.sum("cache_gets_total", MISSES), records());
  }

  /** Since {@code mark}, once the writer has committed what was in flight when the load stopped. */
  Seen since(Mark mark) throws Exception {
    long records = records();
    for (int i = 0; i < SETTLE_POLLS; i++) {
      Thread.sleep(SETTLE_POLL_MILLIS);
      long now = records();
      if (now == records) {
        break;
      }
      records = now;
    }
    OpsMetrics.Scrape scrape = meters.scrape();
    return new Seen(
        scrape.sum("cache_gets_total", HITS) - mark.hits(), scrape.sum("cache_gets_total", MISSES) - mark.misses(),
        records - mark.records());
  }

  /** Entries in the identity cache now. */
  double cacheSize() throws Exception {
    return meters.scrape().sum("cache_size", Map.of("cache", "identity"));
  }

  private long records() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM audit.record WHERE chain = ?")) {
      count.setString(1, chain);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
