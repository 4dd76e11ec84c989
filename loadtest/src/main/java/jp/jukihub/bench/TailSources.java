package jp.jukihub.bench;

import java.util.Map;
import java.util.NavigableMap;

/**
 * What made a fixed-rate run's tail, from three places at once: the hub's own request and audit
 * commit histograms (scraped before and after, as an operator's dashboard would), and the
 * collector's pauses that the slowest requests lived through. If the hub's own p99 is far below the
 * client's, the time went before the router saw the request (an event loop or the machine's run
 * queue busy); if the commit p99 is near it, the audit's durability made it; if most of the slowest
 * were in flight during a pause, the collector did.
 */
final class TailSources {
  private static final Map<String, String> LOOKUP = Map.of("route", "identity.lookup");

  private final OpsMetrics.Scrape before;

  private TailSources(OpsMetrics.Scrape before) {
    this.before = before;
  }

  /** Starts watching: scrapes the hub's meters now. */
  static TailSources from(OpsMetrics meters) throws Exception {
    return new TailSources(meters.scrape());
  }

  /** The lines to print once the run is over. */
  String describe(OpsMetrics.Scrape after, GcPauses pauses, FixedRateLoad.Slowest slowest) {
    double requestP50 = quantile(after, "hub_requests_seconds", LOOKUP, 0.50);
    double requestP99 = quantile(after, "hub_requests_seconds", LOOKUP, 0.99);
    double commitP50 = quantile(after, "hub_audit_commit_seconds", Map.of(), 0.50);
    double commitP99 = quantile(after, "hub_audit_commit_seconds", Map.of(), 0.99);
    double waitP50 = quantile(after, "hub_audit_wait_seconds", Map.of(), 0.50);
    double waitP99 = quantile(after, "hub_audit_wait_seconds", Map.of(), 0.99);
    double batches =
        after.sum("hub_audit_batch_size_records_count", Map.of())
            - before.sum("hub_audit_batch_size_records_count", Map.of());
    double batched =
        after.sum("hub_audit_batch_size_records_sum", Map.of())
            - before.sum("hub_audit_batch_size_records_sum", Map.of());
    int duringPause = pauses.inFlightDuringPause(slowest.starts(), slowest.ends());
    return String.format(
        "  what made the tail (ramp included for the hub's meters; bucket bounds, so each figure is"
            + " at most one bucket high):%n"
            + "      the hub's own lookup time  p50 %s  p99 %s  (router to answer; the rest of the"
            + " client's is before the router or on the way back)%n"
            + "      audit commit               p50 %s  p99 %s  (%,.0f batches of %.1f records on"
            + " average)%n"
            + "      audit wait, per batch      p50 %s  p99 %s  (its first record's append to the"
            + " commit)%n"
            + "      the slowest 1%% (%,d requests): %,d (%.0f%%) were in flight during a collector"
            + " pause%n",
        millis(requestP50),
        millis(requestP99),
        millis(commitP50),
        millis(commitP99),
        batches,
        batches == 0 ? 0 : batched / batches,
        millis(waitP50),
        millis(waitP99),
        slowest.count(),
        duringPause,
        slowest.count() == 0 ? 0 : 100.0 * duringPause / slowest.count());
  }

  private double quantile(
      OpsMetrics.Scrape after, String histogram, Map<String, String> labels, double q) {
    NavigableMap<Double, Double> then = before.buckets(histogram, labels);
    NavigableMap<Double, Double> now = after.buckets(histogram, labels);
    return OpsMetrics.quantile(then, now, q);
  }

  private static String millis(double seconds) {
    if (Double.isNaN(seconds)) {
      return "    n/a";
    }
    if (Double.isInfinite(seconds)) {
      return "  > top";
    }
    return String.format("%5.2f ms", seconds * 1000);
  }
}
