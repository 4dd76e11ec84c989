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
import org.junit.jupiter.api.Test;

class NationalBudgetTest {
  @Test
  void should_fail_a_read_the_tier_has_not_answered_within_the_budget() throws Exception {
    NationalBudget source = new NationalBudget(Duration.ofMillis(20), new FakeTier().hanging());

    assertThat(await(source.find(KEY, Reach.NONE))).isInstanceOf(TimeoutException.class);
    assertThat(await(source.search(QUERY, Reach.NONE, 10))).isInstanceOf(TimeoutException.class);
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
