package jp.jukihub.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Chained records into {@code audit.record} with one binary COPY, inside the caller's transaction.
 * Binary, because the server then parses no timestamps, arrays or hex: at tens of thousands of rows
 * a second that parsing was a third of its work. The writer uses it; so does the benchmark's
 * raw-PostgreSQL ceiling, so both insert the same bytes.
 */
public final class AuditRowCopy {
  private static final String COPY =
      "COPY audit.record (" + AuditRows.COLUMNS + ") FROM STDIN (FORMAT binary)";
  private static final byte[] SIGNATURE =
      "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
  private static final short COLUMNS = 20;
  private static final int TEXT_OID = 25;
  // PostgreSQL's timestamp epoch, in microseconds after the Unix epoch.
  private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

  private AuditRowCopy() {}

  public static void copy(Connection connection, List<ChainedRecord> records) throws SQLException {
    byte[] bytes = encode(records);
    CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
    try {
      copy.writeToCopy(bytes, 0, bytes.length);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  static byte[] encode(List<ChainedRecord> records) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + records.size() * 360);
    DataOutputStream out = new DataOutputStream(buffer);
    try {
      out.write(SIGNATURE);
      out.writeInt(0); // flags
      out.writeInt(0); // header extension length
      for (ChainedRecord record : records) {
        row(out, record);
      }
      out.writeShort(-1);
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory stream", e);
    }
    return buffer.toByteArray();
  }

  private static void row(DataOutputStream out, ChainedRecord record) throws IOException {
    AuditEvent event = record.event();
    out.writeShort(COLUMNS);
    text(out, record.chain());
    int64(out, record.seq());
    timestamp(out, record.occurredAt());
    text(out, event.requestId());
    text(out, event.body());
    text(out, event.operator());
    text(out, event.zone());
    text(out, event.route());
    text(out, event.affair());
    text(out, event.firewallRule());
    if (event.subject() == null) {
      out.writeInt(-1);
    } else {
      int64(out, event.subject());
    }
    textArray(out, event.fields());
    text(out, event.outcome());
    out.writeInt(2);
    out.writeShort(event.status());
    int64(out, event.latencyMicros());
    bytes(out, event.requestHash());
    bytes(out, event.answerHash());
    bytes(out, record.prevHash());
    bytes(out, record.hash());
    text(out, event.counterpart());
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    bytes(out, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  private static void int64(DataOutputStream out, long value) throws IOException {
    out.writeInt(8);
    out.writeLong(value);
  }

  private static void timestamp(DataOutputStream out, Instant instant) throws IOException {
    int64(out, RecordHasher.micros(instant) - POSTGRES_EPOCH_MICROS);
  }

  /** One-dimensional text[] in the array binary format (an empty array has no dimensions). */
  private static void textArray(DataOutputStream out, List<String> values) throws IOException {
    byte[][] encoded = new byte[values.size()][];
    int length = 12 + (values.isEmpty() ? 0 : 8);
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = values.get(i).getBytes(StandardCharsets.UTF_8);
      length += 4 + encoded[i].length;
    }
    out.writeInt(length);
    out.writeInt(values.isEmpty() ? 0 : 1); // dimensions
    out.writeInt(0); // no nulls
    out.writeInt(TEXT_OID);
    if (!values.isEmpty()) {
      out.writeInt(values.size());
      out.writeInt(1); // lower bound
      for (byte[] value : encoded) {
        bytes(out, value);
      }
    }
  }
}
