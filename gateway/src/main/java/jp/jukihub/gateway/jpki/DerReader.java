package jp.jukihub.gateway.jpki;

import io.vertx.core.buffer.Buffer;

/**
 * A cursor over DER in a {@link Buffer}, read in place: no copy of the input, no object per
 * element. Strict where it reads (definite, minimal lengths; low tag numbers only) and framing-only
 * where it skips. Each step is bounded by the end of the element that encloses it, so no length,
 * however large, reads past its parent.
 */
final class DerReader {
  static final int INTEGER = 0x02;
  static final int BOOLEAN = 0x01;
  static final int OCTET_STRING = 0x04;
  static final int NULL = 0x05;
  static final int OID = 0x06;
  static final int SEQUENCE = 0x30;

  /**
   * Why the input is not the DER expected; stackless, as garbage is what an attacker sends most
   * cheaply.
   */
  static final class MalformedDer extends Exception {
    MalformedDer(String why) {
      super(why, null, false, false);
    }
  }

  /** Longest content this reader accepts: OCSP requests are a few hundred bytes. */
  private static final int MAX_LENGTH = 0xFFFF;

  private final Buffer der;
  private int position;

  DerReader(Buffer der) {
    this.der = der;
  }

  int position() {
    return position;
  }

  int length() {
    return der.length();
  }

  /** Whether another element starts before {@code end}. */
  boolean more(int end) {
    return position < end;
  }

  /** The tag of the next element, or -1 when {@code end} is reached. */
  int peekTag(int end) {
    return position < end ? der.getUnsignedByte(position) : -1;
  }

  /**
   * Reads the header of the next element, which must carry {@code tag}; returns the end of its
   * content.
   */
  int enter(int tag, int end) throws MalformedDer {
    if (position >= end) {
      throw new MalformedDer("missing element, tag " + Integer.toHexString(tag));
    }
    int found = der.getUnsignedByte(position);
    if (found != tag) {
      throw new MalformedDer(
          "tag "
              + Integer.toHexString(found)
              + " where "
              + Integer.toHexString(tag)
              + " was expected");
    }
    return header(end);
  }

  /** Steps over the next element, whatever its tag. */
  void skip(int end) throws MalformedDer {
    if (position >= end) {
      throw new MalformedDer("missing element");
    }
    if ((der.getUnsignedByte(position) & 0x1F) == 0x1F) {
      throw new MalformedDer("high tag number");
    }
    position = header(end);
  }

  /** Moves to {@code to}, the end of a content just read or compared in place. */
  void jump(int to) {
    position = to;
  }

  /** Requires that everything up to {@code end} was read: no trailing bytes inside an element. */
  void finish(int end) throws MalformedDer {
    if (position != end) {
      throw new MalformedDer("trailing bytes");
    }
  }

  boolean contentEquals(int contentEnd, byte[] expected) {
    if (contentEnd - position != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (der.getByte(position + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  byte[] content(int contentEnd) {
    return der.getBytes(position, contentEnd);
  }

  byte byteAt(int offset) {
    return der.getByte(offset);
  }

  private int header(int end) throws MalformedDer {
    int at = position + 1;
    if (at >= end) {
      throw new MalformedDer("truncated header");
    }
    int first = der.getUnsignedByte(at++);
    int length;
    if (first < 0x80) {
      length = first;
    } else {
      int octets = first & 0x7F;
      if (octets == 0) {
        throw new MalformedDer("indefinite length is not DER");
      }
      if (octets > 2) {
        throw new MalformedDer("element longer than " + MAX_LENGTH + " bytes");
      }
      if (at + octets > end) {
        throw new MalformedDer("truncated length");
      }
      length = der.getUnsignedByte(at++);
      if (octets == 2) {
        length = (length << 8) | der.getUnsignedByte(at++);
      }
      if (length < (octets == 1 ? 0x80 : 0x100)) {
        throw new MalformedDer("length not in its shortest form");
      }
    }
    if (length > end - at) {
      throw new MalformedDer("element runs past its parent");
    }
    position = at;
    return at + length;
  }
}
