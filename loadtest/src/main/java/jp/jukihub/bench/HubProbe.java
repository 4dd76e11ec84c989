package jp.jukihub.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.jukihub.database.DatabaseTarget;

/**
 * What a running hub says happened during a run, from outside it: lookups served, identity cache
 * hits and misses and any other counter a benchmark follows, from its ops port; and audit records
 * from its chain in the audit table, by route and outcome. Records are counted in the table, not in
 * the writer's meters, because the table is what "durable" promises.
 *
 * <p>The hit ratio is hits over lookups served, not hits over hits and misses: the cache's removal
 * listener reads the cache ({@code IdentityCache.removed} calls {@code getIfPresent}), which
 * Caffeine counts as a miss, so once the cache is full every eviction adds a miss that no lookup
 * had (9 hits in 11 "gets" where 9 lookups in 10 hit).
 */
final class HubProbe {
  /** A counter to follow: its name on /metrics and the labels of the samples that count. */
  record Meter(String name, Map<String, String> labels) {
    Meter {
      labels = Map.copyOf(labels);
    }
  }

  static final Meter LOOKUPS =
      new Meter("hub_requests_seconds_count", Map.of("route", "identity.lookup"));
  static final Meter HITS =
      new Meter("cache_gets_total", Map.of("cache", "identity", "result", "hit"));
  static final Meter MISSES =
      new Meter("cache_gets_total", Map.of("cache", "identity", "result", "miss"));

  private static final int SETTLE_POLLS = 50;
  private static final long SETTLE_POLL_MILLIS = 100;

  private final OpsMetrics meters;
  private final DatabaseTarget database;
  private final String chain;
  private final List<Meter> followed;

  /** Follows the identity lookups and their cache, and {@code others}. */
  HubProbe(int opsPort, DatabaseTarget database, String chain, Meter... others) {
    this.meters = new OpsMetrics(opsPort);
    this.database = database;
    this.chain = chain;
    List<Meter> all = new ArrayList<>(List.of(LOOKUPS, HITS, MISSES));
    all.addAll(List.of(others));
    this.followed = List.copyOf(all);
  }

  /**
   * The counts at the start of a run: the followed meters, and audit records by route and outcome.
   */
  record Mark(Map<Meter, Double> meters, Map<String, Long> records) {}

  /**
   * What a run added: the followed meters (lookups answered, cache hits and misses as the hub
   * counts them, ...) and the audit records committed, by route and outcome.
   */
  record Seen(Map<Meter, Double> meters, Map<String, Long> recordsByKind) {
    Seen {
      meters = Map.copyOf(meters);
      recordsByKind = Map.copyOf(recordsByKind);
    }

    double count(Meter meter) {
      return meters.getOrDefault(meter, 0.0);
    }

    double lookups() {
      return count(LOOKUPS);
    }

    double hits() {
      return count(HITS);
    }

    double misses() {
      return count(MISSES);
    }

    /** Every audit record committed. */
    long records() {
      return recordsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Audit records of {@code route} with {@code outcome} ({@code ok}, or a problem's code). */
    long records(String route, String outcome) {
      return recordsByKind.getOrDefault(kind(route, outcome), 0L);
    }

    /** Lookups answered from the cache. */
    double hitRatio() {
      return lookups() == 0 ? Double.NaN : hits() / lookups();
    }

    /** The hub's own {@code cache_gets_total} ratio, which counts a miss per eviction as well. */
    double meteredHitRatio() {
      return hits() + misses() == 0 ? Double.NaN : hits() / (hits() + misses());
    }

    Seen plus(Seen other) {
      Map<Meter, Double> meters = new HashMap<>(this.meters);
      other.meters.forEach((meter, count) -> meters.merge(meter, count, Double::sum));
      Map<String, Long> records = new HashMap<>(recordsByKind);
      other.recordsByKind.forEach((kind, count) -> records.merge(kind, count, Long::sum));
      return new Seen(meters, records);
    }
  }

  Mark mark() throws Exception {
    return new Mark(read(meters.scrape()), records());
  }

  /** Since {@code mark}, once the writer has committed what was in flight when the load stopped. */
  Seen since(Mark mark) throws Exception {
    Map<String, Long> records = records();
    for (int i = 0; i < SETTLE_POLLS; i++) {
      Thread.sleep(SETTLE_POLL_MILLIS);
      Map<String, Long> now = records();
      if (now.equals(records)) {
        break;
      }
      records = now;
    }
    Map<Meter, Double> counted = new HashMap<>(read(meters.scrape()));
    mark.meters().forEach((meter, before) -> counted.merge(meter, -before, Double::sum));
    Map<String, Long> added = new HashMap<>(records);
    mark.records().forEach((kind, before) -> added.merge(kind, -before, Long::sum));
    return new Seen(counted, added);
  }

  /** Entries in the identity cache now. */
  double cacheSize() throws Exception {
    return meters.scrape().sum("cache_size", Map.of("cache", "identity"));
  }

  private Map<Meter, Double> read(OpsMetrics.Scrape scrape) {
    Map<Meter, Double> values = new HashMap<>();
    for (Meter meter : followed) {
      values.put(meter, scrape.sum(meter.name(), meter.labels()));
    }
    return values;
  }

  private static String kind(String route, String outcome) {
    return route + " " + outcome;
  }

  private Map<String, Long> records() throws SQLException {
    Map<String, Long> records = new HashMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement count =
            connection.prepareStatement(
                "SELECT route, outcome, count(*) FROM audit.record WHERE chain = ?"
                    + " GROUP BY route, outcome")) {
      count.setString(1, chain);
      try (ResultSet rows = count.executeQuery()) {
        while (rows.next()) {
          records.put(kind(rows.getString(1), rows.getString(2)), rows.getLong(3));
        }
      }
    }
    return records;
  }
}
