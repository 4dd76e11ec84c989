package jp.jukihub.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Every log event as one line: by default one JSON object, {@code time} (UTC, milliseconds), {@code
 * level}, {@code logger}, {@code thread}, {@code message}, then the event's key-value pairs as
 * fields of their own ({@code requestId} on a line about a request), and for a failure {@code
 * error} (its class and message) and {@code stack} (the whole trace, causes included). With {@code
 * format} {@code text} (JUKIHUB_LOG_FORMAT=text), the same for people: time, level, logger,
 * message, {@code key=value}, then the trace.
 *
 * <p>Message, values and trace pass {@link LogRedaction} first. Non-ASCII is written as UTF-8; a
 * line never holds a raw line break, so a message cannot forge a line of its own.
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT)
          .withZone(ZoneId.systemDefault());
  private static final Set<String> FIELDS =
      Set.of("time", "level", "logger", "thread", "message", "error", "stack");
  private static final byte[] NOTHING = new byte[0];

  private boolean text;

  /** {@code json} (the default) or {@code text}; anything else is JSON, with a warning. */
  public void setFormat(String format) {
    String wanted = format == null ? "" : format.strip().toLowerCase(Locale.ROOT);
    text = wanted.equals("text");
    if (!text && !wanted.equals("json") && !wanted.isEmpty()) {
      addWarn("log format '" + format + "' is neither json nor text; writing JSON");
    }
  }

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return (text ? text(event) : json(event)).getBytes(StandardCharsets.UTF_8);
  }

  private static String json(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(256);
    line.append("{\"time\":\"").append(UTC.format(event.getInstant())).append('"');
    field(line, "level", event.getLevel().toString());
    field(line, "logger", event.getLoggerName());
    field(line, "thread", event.getThreadName());
    field(line, "message", LogRedaction.redact(event.getFormattedMessage()));
    for (KeyValuePair pair : pairs(event)) {
      String key = pair.key == null ? "null" : pair.key;
      key = FIELDS.contains(key) ? "kv." + key : key;
      if (pair.value instanceof Boolean
          || (pair.value instanceof Number number && Double.isFinite(number.doubleValue()))) {
        line.append(",\"");
        escape(line, key);
        line.append("\":").append(pair.value);
      } else {
        field(line, key, LogRedaction.redact(String.valueOf(pair.value)));
      }
    }
    IThrowableProxy failure = event.getThrowableProxy();
    if (failure != null) {
      field(
          line, "error", LogRedaction.redact(failure.getClassName() + ": " + failure.getMessage()));
      field(line, "stack", LogRedaction.redact(ThrowableProxyUtil.asString(failure)));
    }
    return line.append("}\n").toString();
  }

  private static String text(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160);
    String logger = event.getLoggerName();
    line.append(LOCAL.format(event.getInstant())).append(' ');
    line.append(String.format(Locale.ROOT, "%-5s", event.getLevel())).append(' ');
    line.append(logger.substring(logger.lastIndexOf('.') + 1)).append(' ');
    line.append(oneLine(LogRedaction.redact(event.getFormattedMessage())));
    for (KeyValuePair pair : pairs(event)) {
      line.append(' ')
          .append(pair.key)
          .append('=')
          .append(oneLine(LogRedaction.redact(String.valueOf(pair.value))));
    }
    line.append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy failure = event.getThrowableProxy();
    if (failure != null) {
      line.append(LogRedaction.redact(ThrowableProxyUtil.asString(failure)));
    }
    return line.toString();
  }

  private static List<KeyValuePair> pairs(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    return pairs == null ? List.of() : pairs;
  }

  private static void field(StringBuilder line, String name, String value) {
    line.append(",\"");
    escape(line, name);
    line.append("\":");
    if (value == null) {
      line.append("null");
      return;
    }
    line.append('"');
    escape(line, value);
    line.append('"');
  }

  /**
   * JSON string escaping: quotes, backslashes and every control character; U+2028/9 too, for
   * JavaScript readers.
   */
  static void escape(StringBuilder out, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  private static String oneLine(String value) {
    return value == null ? "null" : value.replace("\r", "\\r").replace("\n", "\\n");
  }
}
