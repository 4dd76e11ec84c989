package jp.jukihub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;

/**
 * What a running hub says happened during a run, from outside it: lookups served and identity cache
 * hits and misses from its ops port, and audit records from its chain in the audit table. Records
 * are counted in the table, not in the writer's meters, because the table is what "durable"
 * promises.
 *
 * <p>The hit ratio is hits over lookups served, not hits over hits and misses: the cache's removal
 * listener reads the cache ({@code IdentityCache.removed} calls {@code getIfPresent}), which
 * Caffeine counts as a miss, so once the cache is full every eviction adds a miss that no lookup
 * had (9 hits in 11 "gets" where 9 lookups in 10 hit).
 */
final class HubProbe {
  private static final Map<String, String> HITS = Map.of("cache", "identity", "result", "hit");
  private static final Map<String, String> MISSES = Map.of("cache", "identity", "result", "miss");
  private static final Map<String, String> LOOKUPS = Map.of("route", "identity.lookup");
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
  record Mark(double lookups, double hits, double misses, long records) {}

  /**
   * What a run added: lookups answered, cache hits and misses as the hub counts them, audit records
   * committed.
   */
  record Seen(double lookups, double hits, double misses, long records) {
    /** Lookups answered from the cache. */
    double hitRatio() {
      return lookups == 0 ? Double.NaN : hits / lookups;
    }

    /** The hub's own {@code cache_gets_total} ratio, which counts a miss per eviction as well. */
    double meteredHitRatio() {
      return hits + misses == 0 ? Double.NaN : hits / (hits + misses);
    }

    Seen plus(Seen other) {
      return new Seen(
          lookups + other.lookups,
          hits + other.hits,
          misses + other.misses,
          records + other.records);
    }
  }

  Mark mark() throws Exception {
    OpsMetrics.Scrape scrape = meters.scrape();
    return new Mark(
        scrape.sum("hub_requests_seconds_count", LOOKUPS), scrape.sum("cache_gets_total", HITS),
        scrape.sum("cache_gets_total", MISSES), records());
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
        scrape.sum("hub_requests_seconds_count", LOOKUPS) - mark.lookups(),
        scrape.sum("cache_gets_total", HITS) - mark.hits(),
        scrape.sum("cache_gets_total", MISSES) - mark.misses(),
        records - mark.records());
  }

  /** Entries in the identity cache now. */
  double cacheSize() throws Exception {
    return meters.scrape().sum("cache_size", Map.of("cache", "identity"));
  }

  private long records() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement count =
            connection.prepareStatement("SELECT count(*) FROM audit.record WHERE chain = ?")) {
      count.setString(1, chain);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
