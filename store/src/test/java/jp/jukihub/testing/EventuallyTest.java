package jp.jukihub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventuallyTest {
  @Test
  void should_return_the_first_accepted_answer_when_a_later_attempt_gives_it() throws Exception {
    AtomicInteger attempts = new AtomicInteger();

    int answer =
        Eventually.until(
            Duration.ofSeconds(5), "the third attempt", attempts::incrementAndGet, n -> n == 3);

    assertThat(answer).isEqualTo(3);
    assertThat(attempts).hasValue(3);
  }

  @Test
  void should_fail_naming_what_and_the_last_answer_when_the_timeout_passes() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(
            () ->
                Eventually.until(
                    Duration.ofMillis(50),
                    "a negative count",
                    attempts::incrementAndGet,
                    n -> n < 0))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("a negative count: not within 50 ms; last answer: ")
        .hasMessageEndingWith(": " + attempts.get());
  }

  @Test
  void should_fail_naming_what_when_a_condition_never_holds() {
    assertThatThrownBy(() -> Eventually.until(Duration.ofMillis(20), "the impossible", () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessage("the impossible: not within 20 ms");
  }

  @Test
  void should_not_wait_when_the_condition_already_holds() throws Exception {
    AtomicInteger checks = new AtomicInteger();

    Eventually.until(Duration.ZERO, "a condition that holds", () -> checks.incrementAndGet() > 0);

    assertThat(checks).hasValue(1);
  }
}
