package jp.jukihub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsMetricsTest {
  static final OpsMetrics.Scrape SCRAPE =
      new OpsMetrics.Scrape(
          """
          # HELP cache_gets_total The number of times cache lookup methods have returned a cached value.
          # TYPE cache_gets_total counter
          cache_gets_total{cache="identity",instance="bench",region="local",result="hit"} 900.0
          cache_gets_total{cache="identity",instance="bench",region="local",result="miss"} 100.0
          cache_gets_total{cache="other",instance="bench",region="local",result="hit"} 5.0
          cache_gets_total_extra{cache="identity",result="hit"} 1.0
          cache_size{cache="identity",instance="bench",region="local"} 1.2E4
          """);

  @Test
  void should_sum_the_samples_whose_labels_include_the_wanted_ones() {
    assertThat(SCRAPE.sum("cache_gets_total", Map.of("cache", "identity", "result", "hit")))
        .isEqualTo(900);
    assertThat(SCRAPE.sum("cache_gets_total", Map.of("result", "hit"))).isEqualTo(905);
    assertThat(SCRAPE.sum("cache_size", Map.of("cache", "identity"))).isEqualTo(12_000);
  }

  @Test
  void should_count_nothing_when_no_sample_matches() {
    assertThat(SCRAPE.sum("cache_gets_total", Map.of("cache", "absent"))).isZero();
    assertThat(SCRAPE.sum("absent_total", Map.of())).isZero();
  }

  private static OpsMetrics.Scrape lookups(
      double upTo1ms, double upTo2ms, double upTo5ms, double all) {
    String series =
        "hub_requests_seconds_bucket{route=\"identity.lookup\",instance=\"bench\",le=\"%s\"} %s%n";
    return new OpsMetrics.Scrape(
        String.format(series, "0.001", upTo1ms)
            + String.format(series, "0.002", upTo2ms)
            + String.format(series, "0.005", upTo5ms)
            + String.format(series, "+Inf", all)
            + "hub_requests_seconds_bucket{route=\"other\",le=\"0.001\"} 1000.0\n");
  }

  @Test
  void should_read_a_histograms_buckets_for_the_wanted_labels_only() {
    assertThat(
            lookups(10, 20, 30, 40)
                .buckets("hub_requests_seconds", Map.of("route", "identity.lookup")))
        .containsExactly(
            Map.entry(0.001, 10.0),
            Map.entry(0.002, 20.0),
            Map.entry(0.005, 30.0),
            Map.entry(Double.POSITIVE_INFINITY, 40.0));
  }

  @Test
  void should_take_quantiles_from_what_was_counted_between_two_scrapes() {
    Map<String, String> route = Map.of("route", "identity.lookup");
    var before = lookups(100, 100, 100, 100).buckets("hub_requests_seconds", route);
    // Between the scrapes: 10 under 1 ms, 80 more under 2 ms, 9 more under 5 ms, 1 above.
    var after = lookups(110, 190, 199, 200).buckets("hub_requests_seconds", route);

    assertThat(OpsMetrics.quantile(before, after, 0.05)).isEqualTo(0.001);
    assertThat(OpsMetrics.quantile(before, after, 0.50)).isEqualTo(0.002);
    assertThat(OpsMetrics.quantile(before, after, 0.99)).isEqualTo(0.005);
    assertThat(OpsMetrics.quantile(before, after, 0.999)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(OpsMetrics.quantile(after, after, 0.5)).isNaN();
  }
}
