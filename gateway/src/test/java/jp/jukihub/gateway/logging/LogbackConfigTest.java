package jp.jukihub.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The configuration the hub ships ({@code logback.xml}): JSON lines on stderr, nothing on stdout.
 */
class LogbackConfigTest {
  record Output(String out, String err) {}

  /** Logs one warning about a request through a context configured from the shipped file. */
  static Output logThroughShippedConfig(String format) throws JoranException {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    if (format != null) {
      context.putProperty("JUKIHUB_LOG_FORMAT", format);
    }
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
    ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
    System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogbackConfigTest.class.getResource("/logback.xml"));
      context
          .getLogger("jp.jukihub.gateway.Example")
          .atWarn()
          .addKeyValue("requestId", "r-9")
          .log("slow answer");
      context.getLogger("io.netty.Example").info("not shown: io.netty logs warnings only");
      context
          .getLogger("org.flywaydb.core.Example")
          .info("not shown: the store's own log levels are included");
    } finally {
      context.stop();
      System.setOut(out);
      System.setErr(err);
    }
    return new Output(
        capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
  }

  @Test
  void should_write_json_lines_to_stderr_and_nothing_to_stdout_by_default() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("JUKIHUB_LOG_FORMAT") == null,
        "JUKIHUB_LOG_FORMAT is set in this shell: the default cannot be observed");
    Output output = logThroughShippedConfig(null);

    assertThat(output.out()).isEmpty();
    assertThat(output.err()).hasLineCount(1);
    JsonObject line = new JsonObject(output.err());
    assertThat(line.getString("level")).isEqualTo("WARN");
    assertThat(line.getString("logger")).isEqualTo("jp.jukihub.gateway.Example");
    assertThat(line.getString("message")).isEqualTo("slow answer");
    assertThat(line.getString("requestId")).isEqualTo("r-9");
  }

  @Test
  void should_write_text_when_jukihub_log_format_says_text() throws Exception {
    Output output = logThroughShippedConfig("text");

    assertThat(output.out()).isEmpty();
    assertThat(output.err())
        .contains(" WARN  Example slow answer requestId=r-9")
        .doesNotStartWith("{");
  }
}
