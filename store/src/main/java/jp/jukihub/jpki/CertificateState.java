package jp.jukihub.jpki;

import java.time.Instant;
import java.util.Optional;

/**
 * What J-LIS knows of one certificate now. The person id stays inside the hub: it derives pairwise
 * subject ids and is never served.
 */
public record CertificateState(
    long serial,
    String type,
    long personId,
    String lgCode,
    Instant notAfter,
    Optional<Revocation> revocation) {

  public boolean revoked() {
    return revocation.isPresent();
  }

  @Override
  public String toString() {
    return "CertificateState("
        + type
        + " "
        + Long.toHexString(serial)
        + (revoked() ? ", revoked" : "")
        + ")";
  }
}
