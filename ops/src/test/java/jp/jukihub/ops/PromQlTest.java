package jp.jukihub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The metric names found in PromQL: one row per query shape and the names it must give. */
class PromQlTest {
  static Stream<Arguments> queries() {
    return Stream.of(
        row("up{job=\"juki-hub\"} == 0", "up"),
        row("hub_audit_available", "hub_audit_available"),
        row(
            "sum by (service, outcome) (rate(hub_requests_seconds_count{job=\"juki-hub\", instance=~\"$instance\"}[$__rate_interval]))",
            "hub_requests_seconds_count"),
        row(
            "histogram_quantile(0.99, sum by (route, le) (rate(hub_requests_seconds_bucket{route=\"identity.lookup\"}[5m]))) > 0.010",
            "hub_requests_seconds_bucket"),
        row("sum(rate(x_total[5m])) by (le) / ignoring(reason) group_left(tier) y", "x_total", "y"),
        row("a and on (instance) b or c unless d", "a", "b", "c", "d"),
        row(
            "hub_audit_queue_depth / hub_audit_queue_capacity > 0.8",
            "hub_audit_queue_capacity",
            "hub_audit_queue_depth"),
        row(
            "time() - hub_crl_published_timestamp_seconds > 2 * 3600 + 1e3",
            "hub_crl_published_timestamp_seconds"),
        row("rate(m_total[5m] offset 1h) > bool 0", "m_total"),
        row("label_replace(m, \"dst\", \"$1\", \"src\", \"(.*)\")", "m"),
        row("system_load_average_1m # comment naming not_a_metric", "system_load_average_1m"),
        row(
            "sum by (tier) (rate(cache_gets_total{cache=\"identity\", result=\"hit\"}[${__rate_interval}]))",
            "cache_gets_total"),
        row("max_over_time(m[1h:5m]) * Inf", "m"),
        row("sum  (m)  without  (instance)", "m"));
  }

  private static Arguments row(String query, String... names) {
    return Arguments.of(query, Set.copyOf(Arrays.asList(names)));
  }

  @ParameterizedTest
  @MethodSource("queries")
  void should_find_exactly_the_metric_names_when_reading_a_query(String query, Set<String> names) {
    assertThat(PromQl.metricNames(query)).containsExactlyInAnyOrderElementsOf(names);
  }
}
