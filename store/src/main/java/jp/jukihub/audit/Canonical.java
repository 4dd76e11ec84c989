package jp.jukihub.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An unambiguous byte encoding for hashing and signing: every value is typed and length-prefixed,
 * so no two different records encode alike (no "a|bc" versus "ab|c").
 */
final class Canonical {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

  Canonical text(String value) {
    if (value == null) {
      out.write(0);
      return this;
    }
    out.write(1);
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int32(bytes.length);
    out.writeBytes(bytes);
    return this;
  }

  Canonical number(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  Canonical optionalNumber(Long value) {
    if (value == null) {
      out.write(0);
      return this;
    }
    out.write(1);
    return number(value);
  }

  Canonical bytes(byte[] value) {
    lengthPrefix(value.length);
    out.writeBytes(value);
    return this;
  }

  /** The length that {@link #bytes} writes before its content, for content hashed separately. */
  Canonical lengthPrefix(int length) {
    int32(length);
    return this;
  }

  Canonical texts(List<String> values) {
    int32(values.size());
    values.forEach(this::text);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void int32(int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }
}
