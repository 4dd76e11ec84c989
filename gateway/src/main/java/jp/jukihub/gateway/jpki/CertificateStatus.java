package jp.jukihub.gateway.jpki;

import java.time.Instant;
import java.util.Objects;

/**
 * What the certificate store says of one certificate, as OCSP reports it (RFC 6960 §4.2.1). {@code
 * revokedAt} and {@code reason} (an RFC 5280 CRLReason code) mean something only when revoked.
 */
public record CertificateStatus(Kind kind, Instant revokedAt, int reason) {
  public enum Kind {
    GOOD,
    REVOKED,
    UNKNOWN
  }

  private static final CertificateStatus GOOD = new CertificateStatus(Kind.GOOD, null, -1);
  private static final CertificateStatus UNKNOWN = new CertificateStatus(Kind.UNKNOWN, null, -1);

  public CertificateStatus {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.REVOKED) {
      Objects.requireNonNull(revokedAt, "revokedAt");
      // 7 is unused in RFC 5280's CRLReason; 0..10 are the codes a CRL or OCSP response may carry.
      if (reason < 0 || reason > 10 || reason == 7) {
        throw new IllegalArgumentException("not an RFC 5280 CRLReason code: " + reason);
      }
    }
  }

  public static CertificateStatus good() {
    return GOOD;
  }

  public static CertificateStatus unknown() {
    return UNKNOWN;
  }

  public static CertificateStatus revoked(Instant at, int reason) {
    return new CertificateStatus(Kind.REVOKED, at, reason);
  }
}
