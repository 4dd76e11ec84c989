package jp.jukihub.gateway.jpki;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.jpki.RelyingParties.RelyingParty;
import jp.jukihub.jpki.CertificateRecords;
import jp.jukihub.jpki.CertificateState;

/**
 * {@code POST /v1/jpki/verify}'s answer for one certificate: which of J-LIS's CAs issued it and
 * whether it is good, revoked, expired or unknown. For a good user-authentication certificate it
 * adds the holder's pairwise subject id at the calling party; a signing certificate carries the 4
 * info itself and needs none. Nothing here looks a person up by serial for the caller.
 */
public final class CertificateVerification {
  private final Map<JpkiAuthority.Type, JpkiAuthority> authorities;
  private final CertificateRecords records;
  private final PairwiseSubjects subjects;
  private final Clock clock;

  public CertificateVerification(
      Map<JpkiAuthority.Type, JpkiAuthority> authorities,
      CertificateRecords records,
      PairwiseSubjects subjects,
      Clock clock) {
    this.authorities = authorities;
    this.records = records;
    this.subjects = subjects;
    this.clock = clock;
  }

  /** The certificate's type, if one of our CAs signed it; the answer says unknown otherwise. */
  public Optional<JpkiAuthority.Type> issuerOf(X509Certificate certificate) {
    for (JpkiAuthority authority : authorities.values()) {
      if (authority
          .certificate()
          .getSubjectX500Principal()
          .equals(certificate.getIssuerX500Principal())) {
        try {
          certificate.verify(authority.certificate().getPublicKey());
          return Optional.of(authority.type());
        } catch (GeneralSecurityException e) {
          return Optional.empty(); // our CA's name, not its signature
        }
      }
    }
    return Optional.empty();
  }

  public Future<JsonObject> verify(
      X509Certificate certificate, JpkiAuthority.Type type, RelyingParty party) {
    long serial;
    try {
      serial = certificate.getSerialNumber().longValueExact();
    } catch (ArithmeticException e) {
      return Future.succeededFuture(unknown(type));
    }
    return records
        .find(serial)
        .map(
            found ->
                found
                    .filter(state -> state.type().equals(type.label()))
                    .map(state -> answer(state, type, party))
                    .orElseGet(() -> unknown(type)));
  }

  private JsonObject answer(CertificateState state, JpkiAuthority.Type type, RelyingParty party) {
    JsonObject answer =
        new JsonObject().put("type", type.label()).put("notAfter", state.notAfter().toString());
    if (state.revoked()) {
      return answer
          .put("status", "revoked")
          .put("reason", Revocations.reasonName(state.revocation().get().reason()))
          .put("revokedAt", state.revocation().get().revokedAt().toString());
    }
    if (!clock.instant().isBefore(state.notAfter())) {
      return answer.put("status", "expired");
    }
    answer.put("status", "good");
    if (type == JpkiAuthority.Type.AUTH) {
      answer.put("subjectId", subjects.of(party.corporateNumber(), state.personId()));
    }
    return answer;
  }

  public static JsonObject unknown(JpkiAuthority.Type type) {
    JsonObject answer = new JsonObject().put("status", "unknown");
    return type == null ? answer : answer.put("type", type.label());
  }

  /** Reads one PEM certificate; anything else is 400 {@code INVALID_CERTIFICATE}. */
  public static X509Certificate parse(String pem) {
    if (!pem.strip().startsWith("-----BEGIN CERTIFICATE-----")) {
      throw new HubException(
          ErrorCode.INVALID_CERTIFICATE,
          "certificate: one PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new HubException(
          ErrorCode.INVALID_CERTIFICATE, "certificate: not a readable X.509 certificate");
    }
  }
}
