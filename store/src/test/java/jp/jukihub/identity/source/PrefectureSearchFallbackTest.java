package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.QUERY;
import static jp.jukihub.identity.source.FakeTier.candidates;
import static jp.jukihub.identity.source.FakeTier.person;
import static jp.jukihub.identity.source.NationalBreakerTest.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import jp.jukihub.identity.IdentityRecord;
import org.junit.jupiter.api.Test;

class PrefectureSearchFallbackTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void should_answer_from_the_national_tier_when_it_answers() {
    Candidates national = candidates(ServedBy.NATIONAL, person(1, 1, "current"));
    FakeTier prefecture = new FakeTier();

    Future<Candidates> found =
        new PrefectureSearchFallback(
                new FakeTier().searching(national),
                List.of(prefecture),
                new FallbackCounters(registry))
            .search(QUERY, Reach.NONE, 10);

    assertThat(found.result()).isEqualTo(national);
    assertThat(prefecture.reads).isZero();
  }

  @Test
  void should_merge_every_prefecture_by_person_keeping_the_later_version_up_to_the_limit() {
    IdentityRecord movedFrom = person(2, 3, "current");
    IdentityRecord movedTo = person(2, 4, "current");

    Future<Candidates> found =
        new PrefectureSearchFallback(
                new FakeTier().failing(unavailable()),
                List.of(
                    new FakeTier()
                        .searching(
                            candidates(
                                ServedBy.PREFECTURE_FALLBACK, person(3, 1, "current"), movedFrom)),
                    new FakeTier()
                        .searching(
                            candidates(
                                ServedBy.PREFECTURE_FALLBACK, person(1, 1, "current"), movedTo))),
                new FallbackCounters(registry))
            .search(QUERY, Reach.NONE, 2);

    assertThat(found.result().servedBy()).isEqualTo(ServedBy.PREFECTURE_FALLBACK);
    assertThat(found.result().records()).containsExactly(person(1, 1, "current"), movedTo);
    assertThat(registry.counter("hub.identity.fallbacks", "reason", "failed").count()).isEqualTo(1);
  }

  @Test
  void should_fail_when_a_prefecture_cannot_search_either() {
    Future<Candidates> found =
        new PrefectureSearchFallback(
                new FakeTier().failing(unavailable()),
                List.of(
                    new FakeTier().searching(candidates(ServedBy.PREFECTURE_FALLBACK)),
                    new FakeTier().failing(unavailable())),
                new FallbackCounters(registry))
            .search(QUERY, Reach.NONE, 10);

    assertThat(found.failed()).isTrue();
  }
}
