package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.KEY;
import static jp.jukihub.identity.source.FakeTier.QUERY;
import static jp.jukihub.identity.source.FakeTier.found;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.testing.MutableClock;
import org.junit.jupiter.api.Test;

class NationalBreakerTest {
  static final Found NATIONAL = found(1, 3, "current", ServedBy.NATIONAL);
  static final Found FALLBACK = found(1, 3, "current", ServedBy.PREFECTURE_FALLBACK);

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(5), clock);

  @Test
  void should_refuse_at_once_without_asking_the_tier_when_open() {
    FakeTier national = new FakeTier().failing(unavailable());
    NationalBreaker source = new NationalBreaker(breaker, national);
    source.find(KEY, Reach.NONE);
    source.find(KEY, Reach.NONE);

    Future<Optional<Found>> refused = source.find(KEY, Reach.NONE);
    Future<Candidates> refusedSearch = source.search(QUERY, Reach.NONE, 10);

    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(BreakerOpenException.class);
    assertThat(refusedSearch.cause()).isInstanceOf(BreakerOpenException.class);
    assertThat(national.reads).isEqualTo(2);
  }

  @Test
  void should_count_a_late_read_as_a_failure() throws Exception {
    FakeTier national = new FakeTier().hanging();
    NationalBreaker source =
        new NationalBreaker(breaker, new NationalBudget(Duration.ofMillis(20), national));

    assertThat(await(source.find(KEY, Reach.NONE))).isInstanceOf(TimeoutException.class);
    assertThat(await(source.find(KEY, Reach.NONE))).isInstanceOf(TimeoutException.class);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void should_answer_from_the_fallback_without_waiting_the_budget_while_open() throws Exception {
    FakeTier national = new FakeTier().hanging();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    IdentitySource chain =
        new PrefectureFallback(
            new NationalBreaker(breaker, new NationalBudget(Duration.ofMillis(20), national)),
            List.of(new FakeTier().finding(FALLBACK)),
            new FallbackCounters(registry));
    await(chain.find(KEY, Reach.NONE));
    await(chain.find(KEY, Reach.NONE));

    Future<Optional<Found>> open = chain.find(KEY, Reach.NONE);

    assertThat(open.isComplete()).as("answered at once, no budget waited").isTrue();
    assertThat(open.result()).contains(FALLBACK);
    assertThat(national.reads).isEqualTo(2);
    assertThat(registry.counter("hub.identity.fallbacks", "reason", "slow").count()).isEqualTo(2);
    assertThat(registry.counter("hub.identity.fallbacks", "reason", "open").count()).isEqualTo(1);
  }

  @Test
  void should_let_one_probe_through_after_the_open_time_and_close_when_it_succeeds() {
    FakeTier national =
        new FakeTier().failing(unavailable()).failing(unavailable()).finding(NATIONAL);
    NationalBreaker source = new NationalBreaker(breaker, national);
    source.find(KEY, Reach.NONE);
    source.find(KEY, Reach.NONE);
    clock.advance(Duration.ofSeconds(5));

    Future<Optional<Found>> probe = source.find(KEY, Reach.NONE);

    assertThat(probe.result()).contains(NATIONAL);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(source.find(KEY, Reach.NONE).result()).contains(NATIONAL);
    assertThat(national.reads).isEqualTo(4);
  }

  @Test
  void should_refuse_others_while_the_probe_is_out() {
    FakeTier national = new FakeTier().failing(unavailable()).failing(unavailable()).hanging();
    NationalBreaker source = new NationalBreaker(breaker, national);
    source.find(KEY, Reach.NONE);
    source.find(KEY, Reach.NONE);
    clock.advance(Duration.ofSeconds(5));

    Future<Optional<Found>> probe = source.find(KEY, Reach.NONE);
    Future<Optional<Found>> other = source.find(KEY, Reach.NONE);

    assertThat(probe.isComplete()).isFalse();
    assertThat(other.cause()).isInstanceOf(BreakerOpenException.class);
    assertThat(national.reads).isEqualTo(3);
  }

  @Test
  void should_open_again_when_the_probe_fails() {
    FakeTier national = new FakeTier().failing(unavailable());
    NationalBreaker source = new NationalBreaker(breaker, national);
    source.find(KEY, Reach.NONE);
    source.find(KEY, Reach.NONE);
    clock.advance(Duration.ofSeconds(5));

    source.find(KEY, Reach.NONE);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(source.find(KEY, Reach.NONE).cause()).isInstanceOf(BreakerOpenException.class);
  }

  @Test
  void should_reset_the_row_when_a_search_succeeds() {
    FakeTier national =
        new FakeTier()
            .failing(unavailable())
            .searching(FakeTier.candidates(ServedBy.NATIONAL))
            .failing(unavailable());
    NationalBreaker source = new NationalBreaker(breaker, national);
    source.search(QUERY, Reach.NONE, 10);
    source.search(QUERY, Reach.NONE, 10);
    source.search(QUERY, Reach.NONE, 10);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  static HubException unavailable() {
    return new HubException(ErrorCode.STORE_UNAVAILABLE, "the national tier did not answer");
  }

  /** The failure a read ends in, waiting for it (a budget's timer) at most a few seconds. */
  static Throwable await(Future<?> read) throws Exception {
    try {
      read.toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }
}
