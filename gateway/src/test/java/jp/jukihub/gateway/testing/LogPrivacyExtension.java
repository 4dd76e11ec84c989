package jp.jukihub.gateway.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.gateway.logging.LogLineEncoder;
import jp.jukihub.gateway.logging.LogRedaction;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs after every test class of the gateway (registered for all by {@code
 * junit-platform.properties}), so the whole suite's traffic is checked, not only one test's: every
 * event logged while the class ran must be free of personal data <em>before</em> the encoder's
 * redaction (no Japanese script, no run of 11 or 12 digits: see {@link LogRedaction}), and must
 * encode to one JSON object with the hub's fields. A class whose logs fail either check fails.
 */
public final class LogPrivacyExtension implements AfterAllCallback {
  private static final int SHOWN = 10;

  @Override
  public void afterAll(ExtensionContext context) {
    LogCapture.Drained drained = LogCapture.drain();
    List<String> problems = problems(drained.events());
    if (!problems.isEmpty()) {
      throw new AssertionError(
          problems.size()
              + " log event(s) of "
              + context.getDisplayName()
              + " fail the privacy or format check"
              + " (showing "
              + Math.min(SHOWN, problems.size())
              + "):\n  "
              + String.join("\n  ", problems.subList(0, Math.min(SHOWN, problems.size()))));
    }
  }

  /**
   * What is wrong with each event that is: personal-looking data, or not one JSON line with the
   * hub's fields.
   */
  public static List<String> problems(List<ILoggingEvent> events) {
    LogLineEncoder encoder = new LogLineEncoder();
    List<String> problems = new ArrayList<>();
    for (ILoggingEvent event : events) {
      String raw = rawText(event);
      if (LogRedaction.mayHoldPersonalData(raw)) {
        problems.add("personal-looking data from " + event.getLoggerName() + ": " + raw);
      }
      String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
      if (line.indexOf('\n') != line.length() - 1) {
        problems.add("not exactly one line: " + line);
        continue;
      }
      try {
        JsonObject json = new JsonObject(line);
        for (String field : List.of("time", "level", "logger", "thread", "message")) {
          if (!json.containsKey(field)) {
            problems.add("no '" + field + "' in " + line);
          }
        }
      } catch (DecodeException e) {
        problems.add("not JSON: " + line);
      }
    }
    return problems;
  }

  /** Everything an event would write, unredacted: message, key-value pairs and trace. */
  public static String rawText(ILoggingEvent event) {
    StringBuilder raw = new StringBuilder(String.valueOf(event.getFormattedMessage()));
    if (event.getKeyValuePairs() != null) {
      event
          .getKeyValuePairs()
          .forEach(pair -> raw.append(' ').append(pair.key).append('=').append(pair.value));
    }
    if (event.getThrowableProxy() != null) {
      raw.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    return raw.toString();
  }
}
