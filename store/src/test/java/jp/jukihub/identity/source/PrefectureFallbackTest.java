package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.KEY;
import static jp.jukihub.identity.source.FakeTier.found;
import static jp.jukihub.identity.source.NationalBreakerTest.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;

class PrefectureFallbackTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final FallbackCounters counters = new FallbackCounters(registry);

  @Test
  void should_answer_from_the_national_tier_when_it_answers() {
    Found national = found(1, 2, "current", ServedBy.NATIONAL);
    FakeTier prefecture = new FakeTier().findingNobody();

    Future<Optional<Found>> read =
        fallback(new FakeTier().finding(national), prefecture).find(KEY, Reach.NONE);

    assertThat(read.result()).contains(national);
    assertThat(prefecture.reads).isZero();
    assertThat(fallbacks("failed") + fallbacks("slow") + fallbacks("open")).isZero();
  }

  @Test
  void should_take_the_latest_version_from_every_prefecture_when_the_national_tier_fails() {
    Found movedOut = found(1, 4, "moved_out", ServedBy.PREFECTURE_FALLBACK);
    Found current = found(1, 5, "current", ServedBy.PREFECTURE_FALLBACK);

    Future<Optional<Found>> read =
        fallback(
                new FakeTier().failing(unavailable()),
                new FakeTier().finding(movedOut),
                new FakeTier().findingNobody(),
                new FakeTier().finding(current))
            .find(KEY, Reach.NONE);

    assertThat(read.result()).contains(current);
    assertThat(fallbacks("failed")).isEqualTo(1);
  }

  @Test
  void should_fail_as_store_unavailable_when_only_a_moved_out_row_holds_the_key() {
    Future<Optional<Found>> read =
        fallback(
                new FakeTier().failing(unavailable()),
                new FakeTier().finding(found(1, 4, "moved_out", ServedBy.PREFECTURE_FALLBACK)),
                new FakeTier().findingNobody())
            .find(KEY, Reach.NONE);

    assertThat(((HubException) read.cause()).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
  }

  @Test
  void should_fail_as_store_unavailable_when_a_prefecture_failed_and_none_found_the_key() {
    Future<Optional<Found>> read =
        fallback(
                new FakeTier().failing(unavailable()),
                new FakeTier().findingNobody(),
                new FakeTier().failing(unavailable()))
            .find(KEY, Reach.NONE);

    assertThat(((HubException) read.cause()).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
  }

  @Test
  void should_wait_for_a_late_national_read_when_the_prefectures_cannot_answer() {
    Found national = found(1, 5, "current", ServedBy.NATIONAL);
    io.vertx.core.Promise<Optional<Found>> late = io.vertx.core.Promise.promise();

    Future<Optional<Found>> read =
        fallback(
                new FakeTier().failing(new LateRead(200, late.future())),
                new FakeTier().findingNobody(),
                new FakeTier().failing(unavailable()))
            .find(KEY, Reach.NONE);

    assertThat(read.isComplete()).as("waits for the national read").isFalse();
    late.complete(Optional.of(national));
    assertThat(read.result()).contains(national);
    assertThat(fallbacks("slow")).isEqualTo(1);
  }

  @Test
  void should_answer_from_the_prefectures_though_the_national_read_is_only_late() {
    Found current = found(1, 5, "current", ServedBy.PREFECTURE_FALLBACK);
    io.vertx.core.Promise<Optional<Found>> late = io.vertx.core.Promise.promise();

    Future<Optional<Found>> read =
        fallback(
                new FakeTier().failing(new LateRead(200, late.future())),
                new FakeTier().finding(current))
            .find(KEY, Reach.NONE);

    assertThat(read.result()).contains(current);
  }

  @Test
  void should_answer_found_when_a_prefecture_found_the_current_row_though_another_failed() {
    Found current = found(1, 5, "current", ServedBy.PREFECTURE_FALLBACK);

    Future<Optional<Found>> read =
        fallback(
                new FakeTier().failing(unavailable()),
                new FakeTier().finding(current),
                new FakeTier().failing(unavailable()))
            .find(KEY, Reach.NONE);

    assertThat(read.result()).contains(current);
  }

  @Test
  void should_answer_nobody_when_every_prefecture_answered_and_none_found_the_key() {
    Future<Optional<Found>> read =
        fallback(
                new FakeTier().failing(new TimeoutException()),
                new FakeTier().findingNobody(),
                new FakeTier().findingNobody())
            .find(KEY, Reach.NONE);

    assertThat(read.result()).isEmpty();
    assertThat(fallbacks("slow")).isEqualTo(1);
  }

  @Test
  void should_count_a_refusal_of_the_open_breaker_as_open() {
    fallback(new FakeTier().failing(BreakerOpenException.INSTANCE), new FakeTier().findingNobody())
        .find(KEY, Reach.NONE);

    assertThat(fallbacks("open")).isEqualTo(1);
    assertThat(fallbacks("failed")).isZero();
  }

  private PrefectureFallback fallback(FakeTier national, FakeTier... prefectures) {
    return new PrefectureFallback(national, List.of(prefectures), counters);
  }

  private double fallbacks(String reason) {
    return registry.counter("hub.identity.fallbacks", "reason", reason).count();
  }
}
