package jp.jukihub.nation;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Buffers rows in PostgreSQL's COPY text format (tab-separated, backslash escapes) and hands them
 * to the server in large chunks, so generation and the server's parsing overlap.
 */
final class CopyRows {
  private static final int FLUSH_AT = 1 << 18;

  private final CopyIn copy;
  private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
  private boolean firstInRow = true;

  CopyRows(CopyIn copy) {
    this.copy = copy;
  }

  CopyRows field(String value) {
    separate();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> buffer.append("\\\\");
        case '\t' -> buffer.append("\\t");
        case '\n' -> buffer.append("\\n");
        case '\r' -> buffer.append("\\r");
        default -> buffer.append(c);
      }
    }
    return this;
  }

  CopyRows field(long value) {
    separate();
    buffer.append(value);
    return this;
  }

  void endRow() throws SQLException {
    buffer.append('\n');
    firstInRow = true;
    if (buffer.length() >= FLUSH_AT) {
      flush();
    }
  }

  long finish() throws SQLException {
    flush();
    return copy.endCopy();
  }

  private void separate() {
    if (!firstInRow) {
      buffer.append('\t');
    }
    firstInRow = false;
  }

  private void flush() throws SQLException {
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
  }
}
