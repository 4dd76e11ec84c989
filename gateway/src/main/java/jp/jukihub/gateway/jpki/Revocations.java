package jp.jukihub.gateway.jpki;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.jpki.CertificateRecords;
import jp.jukihub.jpki.CertificateState;
import jp.jukihub.jpki.CrlReason;
import jp.jukihub.number.LgCode;

/**
 * Explicit revocation by the issuing municipality. The answer comes once the certificate's OCSP
 * answer has been re-signed as revoked, so the municipality can tell the holder it is done; the
 * CRLs follow within {@code jpki.crlCheckSeconds}.
 */
public final class Revocations {
  /** Why the municipality revokes, and the RFC 5280 reason code each becomes. */
  public enum Reason {
    CARD_LOST("cardLost", 1),
    HOLDER_REQUEST("holderRequest", 5),
    CARD_RETURNED("cardReturned", 5),
    KEY_COMPROMISE("keyCompromise", 1),
    UNSPECIFIED("unspecified", 0);

    private final String label;
    private final int code;

    Reason(String label, int code) {
      this.label = label;
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Reason of(String label) {
      for (Reason reason : values()) {
        if (reason.label.equals(label)) {
          return reason;
        }
      }
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          "reason: one of "
              + Arrays.stream(values()).map(r -> r.label).collect(Collectors.joining(", ")));
    }
  }

  private final CertificateRecords records;
  private final RevocationPublisher publisher;

  public Revocations(CertificateRecords records, RevocationPublisher publisher) {
    this.records = records;
    this.publisher = publisher;
  }

  public Future<CertificateState> revoke(long serial, LgCode issuer, Reason reason) {
    return records
        .revoke(serial, issuer.value(), reason.code())
        .compose(state -> publisher.followNow().map(state));
  }

  /** A certificate serial as printed (hexadecimal); ours are positive 63-bit numbers. */
  public static long serial(String hex) {
    if (hex == null || !hex.matches("[0-9A-Fa-f]{1,16}")) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST, "serial: the certificate's serial number in hexadecimal");
    }
    long serial = Long.parseUnsignedLong(hex, 16);
    if (serial <= 0) {
      throw new HubException(ErrorCode.CERTIFICATE_NOT_FOUND, "no certificate has that serial");
    }
    return serial;
  }

  /** A serial as answers print it: upper-case hexadecimal, as openssl does. */
  public static String hex(long serial) {
    return Long.toHexString(serial).toUpperCase(Locale.ROOT);
  }

  /** The RFC 5280 CRLReason name of {@code code}, as answers spell it. */
  public static String reasonName(int code) {
    return CrlReason.name(code);
  }

  public static JsonObject describe(CertificateState state) {
    JsonObject json = new JsonObject().put("serial", hex(state.serial())).put("type", state.type());
    state
        .revocation()
        .ifPresent(
            revocation ->
                json.put("revokedAt", revocation.revokedAt().toString())
                    .put("reason", reasonName(revocation.reason())));
    return json;
  }
}
