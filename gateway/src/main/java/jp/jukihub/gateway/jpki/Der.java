package jp.jukihub.gateway.jpki;

/**
 * DER's definite lengths: short form below 128, else 0x80 + the count of big-endian length bytes.
 */
final class Der {
  private Der() {}

  /** Bytes of a tag and the length of {@code contentLength} content bytes. */
  static int headerLength(int contentLength) {
    if (contentLength < 0x80) {
      return 2;
    }
    int lengthBytes = (32 - Integer.numberOfLeadingZeros(contentLength) + 7) / 8;
    return 2 + lengthBytes;
  }

  /** Writes {@code tag} and the length at {@code offset}; returns where the content starts. */
  static int writeHeader(byte tag, int contentLength, byte[] out, int offset) {
    int at = offset;
    out[at++] = tag;
    if (contentLength < 0x80) {
      out[at++] = (byte) contentLength;
      return at;
    }
    int lengthBytes = headerLength(contentLength) - 2;
    out[at++] = (byte) (0x80 | lengthBytes);
    for (int shift = (lengthBytes - 1) * 8; shift >= 0; shift -= 8) {
      out[at++] = (byte) (contentLength >>> shift);
    }
    return at;
  }
}
