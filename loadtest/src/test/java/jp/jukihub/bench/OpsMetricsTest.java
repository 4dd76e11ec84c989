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
}
