package jp.jukihub.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Chained records into {@code audit.record} with one COPY, inside the caller's transaction. The
 * writer uses it; so does the benchmark's raw-PostgreSQL ceiling, so both insert the same bytes.
 */
public final class AuditRowCopy {
  private static final String COPY =
      "COPY audit.record (" + AuditRows.COLUMNS + ") FROM STDIN";
  private static final HexFormat HEX = HexFormat.of();

  private AuditRowCopy() {}

  public static void copy(Connection connection, List<ChainedRecord> records) throws SQLException {
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      StringBuilder rows = new StringBuilder(records.size() * 400);
      for (ChainedRecord record : records) {
        row(rows, record);
      }
      byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void row(StringBuilder rows, ChainedRecord record) {
    AuditEvent event = record.event();
    rows.append(text(record.chain())).append('\t')
        .append(record.seq()).append('\t')
        .append(record.occurredAt()).append('\t')
        .append(text(event.requestId())).append('\t')
        .append(text(event.body())).append('\t')
        .append(text(event.operator())).append('\t')
        .append(text(event.zone())).append('\t')
        .append(text(event.route())).append('\t')
        .append(text(event.affair())).append('\t')
        .append(text(event.firewallRule())).append('\t')
        .append(event.subject() == null ? "\\N" : event.subject().toString()).append('\t')
        .append('{').append(String.join(",", event.fields())).append('}').append('\t')
        .append(text(event.outcome())).append('\t')
        .append(event.status()).append('\t')
        .append(event.latencyMicros()).append('\t');
    bytea(rows, event.requestHash()).append('\t');
    bytea(rows, event.answerHash()).append('\t');
    bytea(rows, record.prevHash()).append('\t');
    bytea(rows, record.hash()).append('\n');
  }

  private static StringBuilder bytea(StringBuilder rows, byte[] value) {
    // COPY text format: the backslash of bytea's \x form is itself escaped.
    return rows.append("\\\\x").append(HEX.formatHex(value));
  }

  /** COPY text format: \N for null; backslash, tab, newline and carriage return escaped. */
  static String text(String value) {
    if (value == null) {
      return "\\N";
    }
    StringBuilder escaped = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          switch (c) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> null;
          };
      if (replacement != null && escaped == null) {
        escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (escaped != null) {
        escaped.append(replacement != null ? replacement : String.valueOf(c));
      }
    }
    return escaped == null ? value : escaped.toString();
  }
}
