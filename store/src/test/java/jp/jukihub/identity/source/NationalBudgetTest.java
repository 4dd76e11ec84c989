package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.KEY;
import static jp.jukihub.identity.source.FakeTier.QUERY;
import static jp.jukihub.identity.source.FakeTier.found;
import static jp.jukihub.identity.source.NationalBreakerTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityKey;
import org.junit.jupiter.api.Test;

class NationalBudgetTest {
  @Test
  void should_fail_a_read_the_tier_has_not_answered_within_the_budget() throws Exception {
    NationalBudget source = new NationalBudget(Duration.ofMillis(20), new FakeTier().hanging());

    assertThat(await(source.find(KEY, Reach.NONE))).isInstanceOf(TimeoutException.class);
    assertThat(await(source.search(QUERY, Reach.NONE, 10))).isInstanceOf(TimeoutException.class);
  }

  @Test
  void should_keep_a_late_answer_in_the_cache_when_the_read_that_asked_fell_back()
      throws Exception {
    Found national = found(1, 1, "current", ServedBy.NATIONAL);
    io.vertx.core.Promise<Optional<Found>> slow = io.vertx.core.Promise.promise();
    FakeTier tier = new FakeTier();
    TierSource late =
        new TierSource() {
          @Override
          public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
            tier.reads++;
            return slow.future();
          }

          @Override
          public Future<Candidates> search(FourInfoQuery query, Reach reach, int limit) {
            throw new UnsupportedOperationException();
          }
        };
    CachedTier cached =
        new CachedTier(
            new IdentityCache(
                "national",
                100,
                Duration.ofMinutes(1),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
            ServedBy.NATIONAL,
            new NationalBudget(Duration.ofMillis(20), late));

    assertThat(await(cached.find(KEY, Reach.NONE))).isInstanceOf(TimeoutException.class);
    slow.complete(Optional.of(national)); // the national tier answers after all

    assertThat(cached.find(KEY, Reach.NONE).result())
        .as("the next lookup of the person is answered from the cache, not the tier")
        .map(Found::record)
        .contains(national.record());
    assertThat(tier.reads).isEqualTo(1);
  }

  @Test
  void should_hand_on_an_answer_already_there_as_it_is() {
    Found national = found(1, 1, "current", ServedBy.NATIONAL);
    FakeTier tier = new FakeTier().finding(national);
    NationalBudget source = new NationalBudget(Duration.ofMillis(20), tier);

    Future<Optional<Found>> read = source.find(KEY, Reach.NONE);

    assertThat(read.result()).contains(national);
    assertThat(tier.lastReach).isEqualTo(Reach.NONE);
  }
}
