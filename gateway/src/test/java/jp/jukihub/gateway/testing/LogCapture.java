package jp.jukihub.gateway.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every log event of the test JVM (declared in {@code logback-test.xml}), for the checks that
 * no personal data reaches a log: {@link LogPrivacyExtension} after each test class, and tests that
 * look at the lines their own traffic caused ({@link #mark()}, {@link #since(int)}).
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> {
  /** Far more than a test class logs; beyond it events are counted, not kept. */
  private static final int MAX_EVENTS = 100_000;

  private static final List<ILoggingEvent> EVENTS = new ArrayList<>();
  private static int dropped;

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing();
    synchronized (EVENTS) {
      if (EVENTS.size() < MAX_EVENTS) {
        EVENTS.add(event);
      } else {
        dropped++;
      }
    }
  }

  /** Where the events logged from now on will start, for {@link #since(int)}. */
  public static int mark() {
    synchronized (EVENTS) {
      return EVENTS.size();
    }
  }

  /** The events logged since {@code mark} (within the current test class). */
  public static List<ILoggingEvent> since(int mark) {
    synchronized (EVENTS) {
      return List.copyOf(EVENTS.subList(Math.min(mark, EVENTS.size()), EVENTS.size()));
    }
  }

  /** Every event kept so far, which are then forgotten; and how many were not kept. */
  static Drained drain() {
    synchronized (EVENTS) {
      Drained drained = new Drained(List.copyOf(EVENTS), dropped);
      EVENTS.clear();
      dropped = 0;
      return drained;
    }
  }

  record Drained(List<ILoggingEvent> events, int dropped) {}
}
