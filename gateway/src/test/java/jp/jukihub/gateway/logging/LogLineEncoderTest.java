package jp.jukihub.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.KeyValuePair;

class LogLineEncoderTest {
  static final LoggerContext CONTEXT = new LoggerContext();

  static LoggingEvent event(Level level, String message, Throwable failure, Object... args) {
    LoggingEvent event =
        new LoggingEvent(
            LogLineEncoderTest.class.getName(),
            CONTEXT.getLogger("jp.jukihub.gateway.http.ProblemResponder"),
            level,
            message,
            failure,
            args);
    event.setThreadName("vert.x-eventloop-thread-1");
    return event;
  }

  static String encode(LoggingEvent event, String format) {
    LogLineEncoder encoder = new LogLineEncoder();
    encoder.setContext(CONTEXT);
    encoder.setFormat(format);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void
      should_write_one_json_object_a_line_with_the_hubs_fields_and_the_request_id_when_given_one() {
    LoggingEvent event =
        event(
            Level.ERROR,
            "internal error on {} {}",
            new IllegalStateException("pool closed"),
            "POST",
            "identity.lookup");
    event.addKeyValuePair(new KeyValuePair("requestId", "req-7.42"));
    event.addKeyValuePair(new KeyValuePair("line", 3));

    String line = encode(event, "json");

    assertThat(line).endsWith("}\n").doesNotContain("\r").hasLineCount(1);
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("time"))
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    assertThat(json.getString("level")).isEqualTo("ERROR");
    assertThat(json.getString("logger")).isEqualTo("jp.jukihub.gateway.http.ProblemResponder");
    assertThat(json.getString("thread")).isEqualTo("vert.x-eventloop-thread-1");
    assertThat(json.getString("message")).isEqualTo("internal error on POST identity.lookup");
    assertThat(json.getString("requestId")).isEqualTo("req-7.42");
    assertThat(json.getInteger("line")).isEqualTo(3);
    assertThat(json.getString("error")).isEqualTo("java.lang.IllegalStateException: pool closed");
    assertThat(json.getString("stack"))
        .contains("IllegalStateException: pool closed")
        .contains("\tat ");
    assertThat(json.fieldNames())
        .containsExactly(
            "time", "level", "logger", "thread", "message", "requestId", "line", "error", "stack");
  }

  @Test
  void should_keep_a_forged_line_break_quote_or_control_character_inside_its_json_string() {
    LoggingEvent event = event(Level.WARN, "a\n{\"level\":\"INFO\"}\r\t\u0000\u2028\\ end", null);
    event.addKeyValuePair(new KeyValuePair("message", "not the message"));

    String line = encode(event, "json");

    assertThat(line).hasLineCount(1);
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("message"))
        .isEqualTo("a\n{\"level\":\"INFO\"}\r\t\u0000\u2028\\ end");
    assertThat(json.getString("kv.message"))
        .as("a pair never overwrites the hub's own fields")
        .isEqualTo("not the message");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a My Number                      | subject 123456789018 not found         | subject [REDACTED] not found
          a mistyped My Number             | myNumber=123456789012                  | myNumber=[REDACTED]
          a My Number as the card prints it| card 1234 5678 9018                    | card [REDACTED]
          a resident code                  | code (12345678903) refused             | code ([REDACTED]) refused
          a resident code grouped 4-4-3    | code 1234-5678-903 refused             | code [REDACTED] refused
          a My Number split by ideographic spaces | got 1234　5678　9018 today  | got [REDACTED] today
          a My Number after letters        | id MN123456789018                      | id MN[REDACTED]
          a kanji name with its space      | refused 山田　花子 today                | refused [REDACTED] today
          a kana name                      | name ヤマダ ハナコ                      | name [REDACTED] [REDACTED]
          an address                       | at 千代田1丁目1番1号                     | at [REDACTED]1[REDACTED]1[REDACTED]1[REDACTED]
          half-width kana                  | ﾔﾏﾀﾞ                                   | [REDACTED]
          a hex request id                 | request 0123456789012345abcdef0123456789 | request 0123456789012345abcdef0123456789
          a port and a count               | listening on 127.0.0.1:8080, 100000 rows | listening on 127.0.0.1:8080, 100000 rows
          an epoch in milliseconds         | at 1732430887250                       | at 1732430887250
          """)
  void should_redact_what_may_be_personal_data_wherever_it_hides(
      String what, String message, String written) {
    assertThat(
            new JsonObject(encode(event(Level.INFO, message, null), "json")).getString("message"))
        .isEqualTo(written);
  }

  @Test
  void should_redact_key_values_and_exception_messages_too() {
    LoggingEvent event =
        event(
            Level.ERROR,
            "failed",
            new IllegalArgumentException(
                "bad name 佐藤 for 123456789018", new RuntimeException("cause: 12345678903")));
    event.addKeyValuePair(new KeyValuePair("subject", "123456789018"));

    String line = encode(event, "json");

    assertThat(line)
        .doesNotContain("佐藤")
        .doesNotContain("123456789018")
        .doesNotContain("12345678903")
        .contains(LogRedaction.MARK);
    assertThat(new JsonObject(line).getString("error"))
        .isEqualTo("java.lang.IllegalArgumentException: bad name [REDACTED] for [REDACTED]");
  }

  @Test
  void should_write_text_for_people_when_asked_and_json_for_anything_else() {
    LoggingEvent event =
        event(Level.WARN, "firewall rules refused: {}", null, "rule 1: unknown action");
    event.addKeyValuePair(new KeyValuePair("requestId", "r-1"));

    String text = encode(event, "TEXT");

    assertThat(text)
        .matches(
            Pattern.compile(
                "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) WARN  ProblemResponder "
                    + "firewall rules refused: rule 1: unknown action requestId=r-1\\R",
                Pattern.DOTALL));
    assertThat(new JsonObject(encode(event, "yaml")).getString("level")).isEqualTo("WARN");
    assertThat(new JsonObject(encode(event, "")).getString("level")).isEqualTo("WARN");
  }
}
