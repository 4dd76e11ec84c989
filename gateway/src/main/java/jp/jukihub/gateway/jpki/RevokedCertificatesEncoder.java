package jp.jukihub.gateway.jpki;

import java.util.List;

/**
 * A CRL's revokedCertificates, {@code SEQUENCE OF SEQUENCE { userCertificate INTEGER,
 * revocationDate Time, crlEntryExtensions Extensions OPTIONAL }}, written as DER straight into the
 * CRL's buffer. BouncyCastle's builder makes several objects per entry and takes seconds and
 * hundreds of megabytes for a million; this measures the entries once, then writes them, with no
 * allocation per entry.
 */
final class RevokedCertificatesEncoder {
  private static final byte SEQUENCE = 0x30;
  private static final byte INTEGER = 0x02;

  /**
   * Extensions holding one non-critical reasonCode (id-ce 21) whose ENUMERATED value is the last
   * byte: {@code SEQUENCE { SEQUENCE { OID 2.5.29.21, OCTET STRING { ENUMERATED r } } } }.
   */
  private static final byte[] REASON_EXTENSIONS = {
    0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01, 0x00
  };

  private final List<RevokedEntry> entries;
  private final int contentLength;

  /** Measures {@code entries}, in their order; an empty list is left out of a CRL altogether. */
  RevokedCertificatesEncoder(List<RevokedEntry> entries) {
    this.entries = entries;
    long total = 0;
    for (RevokedEntry entry : entries) {
      total += 2 + entryContentLength(entry);
    }
    if (total > Integer.MAX_VALUE - 1024) {
      throw new IllegalArgumentException(
          "a CRL of " + entries.size() + " entries does not fit in one array");
    }
    this.contentLength = (int) total;
  }

  /** The whole SEQUENCE's length, tag and length bytes included; 0 when there are no entries. */
  int encodedLength() {
    return entries.isEmpty() ? 0 : Der.headerLength(contentLength) + contentLength;
  }

  /**
   * Writes the SEQUENCE at {@code offset} (nothing when there are no entries); returns the offset
   * after it.
   */
  int write(byte[] out, int offset) {
    if (entries.isEmpty()) {
      return offset;
    }
    int at = Der.writeHeader(SEQUENCE, contentLength, out, offset);
    for (RevokedEntry entry : entries) {
      // Never more than 41 content bytes, so the length is one byte.
      out[at++] = SEQUENCE;
      out[at++] = (byte) entryContentLength(entry);
      at = writeSerial(entry.serial(), out, at);
      at = DerTime.write(entry.revokedAt(), out, at);
      if (entry.reason() != RevokedEntry.UNSPECIFIED) {
        // RFC 5280 5.3.1: a CRL issuer should leave out the reasonCode rather than say unspecified.
        System.arraycopy(REASON_EXTENSIONS, 0, out, at, REASON_EXTENSIONS.length);
        at += REASON_EXTENSIONS.length;
        out[at - 1] = (byte) entry.reason();
      }
    }
    return at;
  }

  private static int entryContentLength(RevokedEntry entry) {
    return 2
        + serialLength(entry.serial())
        + DerTime.length(entry.revokedAt())
        + (entry.reason() == RevokedEntry.UNSPECIFIED ? 0 : REASON_EXTENSIONS.length);
  }

  /**
   * Bytes of a positive serial's minimal two's complement: its bits plus a sign bit, so a leading
   * 0x00 exactly when the top byte's high bit is set (0x7f is one byte, 0x80 two).
   */
  static int serialLength(long serial) {
    int bits = 64 - Long.numberOfLeadingZeros(serial);
    return bits / 8 + 1;
  }

  private static int writeSerial(long serial, byte[] out, int at) {
    int length = serialLength(serial);
    out[at++] = INTEGER;
    out[at++] = (byte) length;
    for (int shift = (length - 1) * 8; shift >= 0; shift -= 8) {
      out[at++] = (byte) (serial >>> shift);
    }
    return at;
  }
}
