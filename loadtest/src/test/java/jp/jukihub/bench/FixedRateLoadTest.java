package jp.jukihub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FixedRateLoadTest {
  static final FixedRateLoad.Schedule SCHEDULE = new FixedRateLoad.Schedule(1_000, 10);

  @Test
  void should_ramp_from_a_tenth_of_the_rate_to_the_rate_over_the_ramp_then_hold_it() {
    assertThat(SCHEDULE.rampRequests()).isEqualTo(5_500);
    assertThat(SCHEDULE.due(1) - SCHEDULE.due(0)).isBetween(100L, 200L);
    assertThat(SCHEDULE.due(10) - SCHEDULE.due(9)).isBetween(900L, 1_000L);
    assertThat(SCHEDULE.due(21) - SCHEDULE.due(20)).isEqualTo(1_000);
  }

  @Test
  void should_place_each_request_where_the_count_of_due_requests_reaches_it() {
    for (long i : new long[] {0, 1, 99, 2_750, 5_499, 5_500, 5_501, 20_000}) {
      double at = SCHEDULE.at(i);
      assertThat(SCHEDULE.due(at + 1e-9)).as("request %d at %.6f s", i, at).isEqualTo(i + 1);
      assertThat(SCHEDULE.due(at - 1e-6)).as("request %d just before %.6f s", i, at).isEqualTo(i);
    }
    assertThat(SCHEDULE.at(5_500 + 1_000)).isCloseTo(11.0, within(1e-9));
  }

  @Test
  void should_hold_the_rate_from_the_start_when_there_is_no_ramp() {
    FixedRateLoad.Schedule flat = new FixedRateLoad.Schedule(2_000, 0);

    assertThat(flat.rampRequests()).isZero();
    assertThat(flat.at(4_000)).isCloseTo(2.0, within(1e-9));
    assertThat(flat.due(2.0)).isEqualTo(4_001);
  }
}
