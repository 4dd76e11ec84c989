package jp.jukihub.gateway.jpki;

import java.util.List;

/**
 * What an OCSP request asks (RFC 6960 §4.1), or why it could not be read.
 *
 * @param outcome whether the request was read and names one of our CAs
 * @param issuer the CA every CertID names; null unless {@link Outcome#OURS}
 * @param certIds the CertIDs in request order; empty when malformed
 * @param nonce the nonce extension's extnValue content, to echo as it came; null when absent
 * @param problem why a request is malformed or not ours, for logs; null when ours
 */
public record OcspQuery(
    Outcome outcome,
    JpkiAuthority.Type issuer,
    List<CertId> certIds,
    byte[] nonce,
    String problem) {
  public enum Outcome {
    /** Well formed, and every CertID names the same one of our CAs with a hash we answer for. */
    OURS,
    /** Well formed, but some CertID names another issuer or uses a hash we do not answer for. */
    NOT_OURS,
    /** Not a DER OCSPRequest, or one this responder refuses to read. */
    MALFORMED
  }

  static OcspQuery malformed(String problem) {
    return new OcspQuery(Outcome.MALFORMED, null, List.of(), null, problem);
  }

  static OcspQuery notOurs(List<CertId> certIds, byte[] nonce, String problem) {
    return new OcspQuery(Outcome.NOT_OURS, null, certIds, nonce, problem);
  }

  /**
   * The one shape a pre-signed response answers: a single SHA-1 CertID with NULL parameters, as
   * {@code openssl ocsp} and most clients send and as the held responses name it, with no nonce and
   * a serial we hold by {@code long}.
   */
  public boolean presignable() {
    if (outcome != Outcome.OURS || nonce != null || certIds.size() != 1) {
      return false;
    }
    CertId only = certIds.get(0);
    return only.hash() == CertId.Hash.SHA1 && only.nullParameters() && only.serialFitsLong();
  }
}
