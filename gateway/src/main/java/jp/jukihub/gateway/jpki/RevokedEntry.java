package jp.jukihub.gateway.jpki;

import java.time.Instant;
import java.util.Objects;

/**
 * One revoked certificate as a CRL lists it (失効情報): its serial number, when it was revoked, and
 * why, as RFC 5280's CRLReason code (0 unspecified, 1 keyCompromise, 2 cACompromise, 3
 * affiliationChanged, 4 superseded, 5 cessationOfOperation, 6 certificateHold, 8 removeFromCRL, 9
 * privilegeWithdrawn, 10 aACompromise; 7 is unassigned).
 */
public record RevokedEntry(long serial, Instant revokedAt, int reason) {
  public static final int UNSPECIFIED = 0;

  public RevokedEntry {
    if (serial <= 0) {
      throw new IllegalArgumentException("a certificate serial is positive, not " + serial);
    }
    Objects.requireNonNull(revokedAt, "revokedAt");
    if (reason < 0 || reason > 10 || reason == 7) {
      throw new IllegalArgumentException("not an RFC 5280 CRLReason code: " + reason);
    }
  }
}
