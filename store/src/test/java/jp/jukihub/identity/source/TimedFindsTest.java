package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.KEY;
import static jp.jukihub.identity.source.FakeTier.QUERY;
import static jp.jukihub.identity.source.FakeTier.candidates;
import static jp.jukihub.identity.source.FakeTier.found;
import static jp.jukihub.identity.source.FakeTier.person;
import static jp.jukihub.identity.source.NationalBreakerTest.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class TimedFindsTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final LookupTimers timers = new LookupTimers(registry);

  @Test
  void should_time_a_find_by_the_tier_that_answered_and_its_result() {
    FakeTier tier =
        new FakeTier()
            .finding(found(1, 1, "current", ServedBy.PREFECTURE_FALLBACK))
            .findingNobody()
            .failing(unavailable());
    TimedFinds source = new TimedFinds(timers, tier);

    source.find(KEY, Reach.NONE);
    source.find(KEY, Reach.NONE);
    source.find(KEY, Reach.NONE);
    source.find(KEY, Reach.NONE);

    assertThat(count("prefecture-fallback", "found")).isEqualTo(1);
    assertThat(count("none", "absent")).isEqualTo(1);
    assertThat(count("none", "failed")).isEqualTo(2);
    assertThat(registry.find("hub.store.lookups").timers())
        .as("only the combinations that happened, each once")
        .hasSize(3);
  }

  @Test
  void should_time_a_search_by_the_tier_that_searched() {
    FakeTier tier =
        new FakeTier()
            .searching(candidates(ServedBy.NATIONAL, person(1, 1, "current")))
            .searching(candidates(ServedBy.MUNICIPAL));
    TimedSearches source = new TimedSearches(timers, tier);

    source.search(QUERY, Reach.NONE, 5);
    source.search(QUERY, Reach.municipality("131016"), 5);

    assertThat(count("national", "found")).isEqualTo(1);
    assertThat(count("municipal", "absent")).isEqualTo(1);
  }

  private long count(String tier, String result) {
    Timer timer = registry.find("hub.store.lookups").tags("tier", tier, "result", result).timer();
    return timer == null ? 0 : timer.count();
  }
}
