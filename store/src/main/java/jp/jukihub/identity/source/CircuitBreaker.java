package jp.jukihub.identity.source;

import java.time.Clock;
import java.time.Duration;

/**
 * Stops asking a tier that keeps failing: after {@code failuresToOpen} failures in a row it opens,
 * and reads are refused at once for {@code openFor} rather than each waiting out the budget; then
 * it lets one probe through (half-open), whose success closes it and whose failure opens it again.
 * Time comes from the injected clock. Synchronized: it is asked once per tier read, never held
 * across I/O.
 */
final class CircuitBreaker {
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int failuresToOpen;
  private final long openForMillis;
  private final Clock clock;

  private State state = State.CLOSED;
  private int failures;
  private long openUntilMillis;

  CircuitBreaker(int failuresToOpen, Duration openFor, Clock clock) {
    this.failuresToOpen = failuresToOpen;
    this.openForMillis = openFor.toMillis();
    this.clock = clock;
  }

  /** Whether a read may go to the tier now; once open time is over, the first caller probes. */
  synchronized boolean allows() {
    return switch (state) {
      case CLOSED -> true;
      case HALF_OPEN -> false; // the probe is out: the others wait for its answer elsewhere
      case OPEN -> {
        if (clock.millis() < openUntilMillis) {
          yield false;
        }
        state = State.HALF_OPEN;
        yield true;
      }
    };
  }

  synchronized void succeeded() {
    state = State.CLOSED;
    failures = 0;
  }

  synchronized void failed() {
    if (state == State.OPEN) {
      return; // a read sent before it opened: the open time already counts from the first
    }
    if (state == State.HALF_OPEN || ++failures >= failuresToOpen) {
      state = State.OPEN;
      failures = 0;
      openUntilMillis = clock.millis() + openForMillis;
    }
  }

  synchronized State state() {
    return state;
  }

  /** As the gauge shows it: 0 closed, 0.5 half-open, 1 open. */
  double level() {
    return switch (state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 0.5;
      case OPEN -> 1;
    };
  }
}
