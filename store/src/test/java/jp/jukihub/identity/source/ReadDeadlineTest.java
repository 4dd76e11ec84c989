package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.KEY;
import static jp.jukihub.identity.source.FakeTier.QUERY;
import static jp.jukihub.identity.source.FakeTier.found;
import static jp.jukihub.identity.source.NationalBreakerTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;

class ReadDeadlineTest {
  @Test
  void should_refuse_with_store_unavailable_when_a_hanging_tier_has_not_answered_by_the_deadline()
      throws Exception {
    FakeTier hanging = new FakeTier().hanging();

    Throwable find = await(ReadDeadline.finds(hanging, 20).find(KEY, Reach.NONE));
    Throwable search = await(ReadDeadline.searches(hanging, 20).search(QUERY, Reach.NONE, 10));

    for (Throwable refusal : new Throwable[] {find, search}) {
      assertThat(refusal).isInstanceOf(HubException.class);
      assertThat(((HubException) refusal).code()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
    }
  }

  @Test
  void should_hand_on_the_tiers_own_failure_as_it_is() throws Exception {
    HubException refused = new HubException(ErrorCode.STORE_UNAVAILABLE, "the tier refused");
    FakeTier failing = new FakeTier().failing(refused);

    assertThat(await(ReadDeadline.finds(failing, 1_000).find(KEY, Reach.NONE))).isSameAs(refused);
  }

  @Test
  void should_hand_on_an_answer_already_there_as_it_is() {
    Found national = found(1, 1, "current", ServedBy.NATIONAL);
    FakeTier tier = new FakeTier().finding(national);

    assertThat(ReadDeadline.finds(tier, 20).find(KEY, Reach.NONE).result()).contains(national);
  }
}
