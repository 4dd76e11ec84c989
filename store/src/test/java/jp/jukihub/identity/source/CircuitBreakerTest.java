package jp.jukihub.identity.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import jp.jukihub.identity.source.CircuitBreaker.State;
import jp.jukihub.testing.MutableClock;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(5), clock);

  @Test
  void should_open_when_failures_in_a_row_reach_the_threshold() {
    breaker.failed();
    breaker.failed();
    assertThat(breaker.allows()).isTrue();
    breaker.failed();

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.allows()).isFalse();
    assertThat(breaker.level()).isEqualTo(1.0);
  }

  @Test
  void should_stay_closed_when_a_success_breaks_the_row() {
    breaker.failed();
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.level()).isEqualTo(0.0);
  }

  @Test
  void should_stay_open_until_the_open_time_has_passed() {
    open();
    clock.advance(Duration.ofMillis(4_999));
    assertThat(breaker.allows()).isFalse();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }

  @Test
  void should_let_one_probe_through_when_half_open() {
    open();
    clock.advance(Duration.ofSeconds(5));

    assertThat(breaker.allows()).as("the probe").isTrue();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.level()).isEqualTo(0.5);
    assertThat(breaker.allows()).as("while the probe is out").isFalse();
  }

  @Test
  void should_close_when_the_probe_succeeds() {
    open();
    clock.advance(Duration.ofSeconds(5));
    breaker.allows();
    breaker.succeeded();

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.allows()).isTrue();
  }

  @Test
  void should_open_again_for_the_whole_time_when_the_probe_fails() {
    open();
    clock.advance(Duration.ofSeconds(5));
    breaker.allows();
    breaker.failed();

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    clock.advance(Duration.ofMillis(4_999));
    assertThat(breaker.allows()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(breaker.allows()).isTrue();
  }

  @Test
  void should_not_lengthen_the_open_time_when_reads_sent_before_it_opened_fail() {
    open();
    clock.advance(Duration.ofSeconds(3));
    breaker.failed();
    clock.advance(Duration.ofSeconds(2));

    assertThat(breaker.allows()).isTrue();
  }

  private void open() {
    breaker.failed();
    breaker.failed();
    breaker.failed();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }
}
