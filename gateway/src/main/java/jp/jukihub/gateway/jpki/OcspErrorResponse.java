package jp.jukihub.gateway.jpki;

/**
 * The OCSPResponses that carry only an error status. RFC 6960 §4.2.1 sends them without a
 * responseBytes and so unsigned: the same few bytes for everyone, encoded here once.
 */
enum OcspErrorResponse {
  MALFORMED_REQUEST(1),
  INTERNAL_ERROR(2),
  TRY_LATER(3),
  UNAUTHORIZED(6);

  private final byte[] der;

  OcspErrorResponse(int responseStatus) {
    // SEQUENCE { responseStatus ENUMERATED }
    this.der = new byte[] {0x30, 0x03, 0x0A, 0x01, (byte) responseStatus};
  }

  /** Shared, never to be modified. */
  byte[] der() {
    return der;
  }
}
