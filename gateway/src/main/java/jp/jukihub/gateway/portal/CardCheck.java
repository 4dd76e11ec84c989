package jp.jukihub.gateway.portal;

import io.vertx.core.Future;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.jpki.CertificateVerification;
import jp.jukihub.gateway.jpki.JpkiAuthority;
import jp.jukihub.jpki.CertificateRecords;
import jp.jukihub.jpki.CertificateState;

/**
 * Whether a presented certificate lets its holder into My Portal: issued by J-LIS's
 * user-authentication CA (its signature, not only its name), known to J-LIS, neither revoked nor
 * expired — asked of J-LIS's record each time, the truth its OCSP answers are signed from, so a
 * revocation takes effect on the next request. Only here, inside J-LIS, does a serial lead to a
 * person.
 */
final class CardCheck {
  private final CertificateVerification verification;
  private final CertificateRecords records;
  private final Clock clock;

  CardCheck(CertificateVerification verification, CertificateRecords records, Clock clock) {
    this.verification = verification;
    this.records = records;
    this.clock = clock;
  }

  /** The holder of a certificate presented at log-in (TLS or a signed challenge). */
  Future<Holder> holderOf(X509Certificate certificate) {
    if (verification.issuerOf(certificate).orElse(null) != JpkiAuthority.Type.AUTH) {
      return Future.failedFuture(notRecognised());
    }
    Instant now = clock.instant();
    if (now.isBefore(certificate.getNotBefore().toInstant())) {
      return Future.failedFuture(notRecognised());
    }
    long serial;
    try {
      serial = certificate.getSerialNumber().longValueExact();
    } catch (ArithmeticException e) {
      return Future.failedFuture(notRecognised());
    }
    return holderOf(serial);
  }

  /** The holder of a card already seen at log-in, checked again (a session's next request). */
  Future<Holder> holderOf(long serial) {
    return records
        .find(serial)
        .map(
            found -> {
              CertificateState state =
                  found
                      .filter(known -> known.type().equals(JpkiAuthority.Type.AUTH.label()))
                      .orElseThrow(CardCheck::notRecognised);
              if (state.revoked()) {
                throw new HubException(
                    ErrorCode.CARD_REVOKED,
                    "this card's user-authentication certificate has been revoked; ask your"
                        + " municipality for a new one");
              }
              if (!clock.instant().isBefore(state.notAfter())) {
                throw new HubException(
                    ErrorCode.CARD_EXPIRED,
                    "this card's user-authentication certificate has expired; ask your"
                        + " municipality to renew it");
              }
              return new Holder(state.personId(), state.serial(), state.notAfter());
            });
  }

  private static HubException notRecognised() {
    return new HubException(
        ErrorCode.CARD_NOT_RECOGNISED,
        "log in with the user-authentication certificate of a My Number card");
  }

  /**
   * A resident proven by their card: the person (never served), the certificate and until when it
   * is valid.
   */
  record Holder(long personId, long serial, Instant notAfter) {
    @Override
    public String toString() {
      return "Holder(card)";
    }
  }
}
