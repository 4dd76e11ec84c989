package jp.jukihub.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The suite-wide log check itself: it sees every event, and it flags what it should. */
class LogPrivacyExtensionTest {
  static final LoggerContext CONTEXT = new LoggerContext();

  static ILoggingEvent event(String message, Object... args) {
    return new LoggingEvent(
        LogPrivacyExtensionTest.class.getName(),
        CONTEXT.getLogger("x"),
        Level.WARN,
        message,
        null,
        args);
  }

  @Test
  void should_see_every_event_logged_in_the_test_jvm() {
    int mark = LogCapture.mark();

    LoggerFactory.getLogger(LogPrivacyExtensionTest.class).info("captured {}", 42);

    assertThat(LogCapture.since(mark))
        .extracting(ILoggingEvent::getFormattedMessage)
        .contains("captured 42");
  }

  @Test
  void should_flag_names_addresses_and_numbers_but_not_the_hubs_own_words() {
    List<String> problems =
        LogPrivacyExtension.problems(
            List.of(
                event("lookup of {} failed", "123456789018"),
                event("refused {}", "ヤマダ\u3000ハナコ"),
                event("moved to {}", "中桜塚3丁目1番1号"),
                event(
                    "tier lane {} failed (SQL state {}); retrying in {} ms",
                    "all->national",
                    "57P01",
                    1000)));

    assertThat(problems)
        .hasSize(3)
        .allMatch(problem -> problem.startsWith("personal-looking data"));
  }
}
