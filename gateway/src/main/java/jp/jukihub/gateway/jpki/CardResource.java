package jp.jukihub.gateway.jpki;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.gateway.tls.CertificateRequests;
import jp.jukihub.gateway.tls.Pem;
import jp.jukihub.nation.Municipality;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.number.LgCode;
import jp.jukihub.number.ResidentCode;

/**
 * The municipality's side of JPKI: issuing a resident's card certificates, and revoking a
 * certificate it issued. Both are audited under the holder, like any register write.
 */
final class CardResource {
  // A PEM request for an RSA-4096 key is about 1,700 characters.
  private static final int MAX_REQUEST_CHARS = 8_192;
  static final Set<String> ISSUE_FIELDS = Set.of("signPin", "authPin", "signCsr", "authCsr");

  private final CardIssuance issuance;
  private final Revocations revocations;
  private final MunicipalityCatalog catalog;
  private final boolean demoKeys;

  /**
   * {@code demoKeys}: whether the hub may make a card's keys itself (the demo, on its embedded
   * database); otherwise only the card's own keys, by request, are certified.
   */
  CardResource(
      CardIssuance issuance,
      Revocations revocations,
      MunicipalityCatalog catalog,
      boolean demoKeys) {
    this.issuance = issuance;
    this.revocations = revocations;
    this.catalog = catalog;
    this.demoKeys = demoKeys;
  }

  /**
   * {@code POST /v1/municipalities/{lgCode}/residents/{residentCode}/certificates}: with {@code
   * signCsr} and {@code authCsr}, the card's own keys' PKCS#10 requests (PEM), certificates only;
   * in the demo, with {@code signPin} and {@code authPin} instead, keys made here in PKCS#12.
   */
  Future<JsonObject> issue(RequestContext request) {
    LgCode lg = municipality(request);
    ResidentCode code = ResidentCode.of(request.routing().pathParam("residentCode"));
    JsonInput in = JsonInput.of(request.routing(), ISSUE_FIELDS);
    boolean byRequest = in.has("signCsr") || in.has("authCsr");
    if (byRequest && (in.has("signPin") || in.has("authPin"))) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          "send either signCsr and authCsr (the card's keys) or, in the demo, signPin and authPin");
    }
    Map<JpkiAuthority.Type, PublicKey> cardKeys = byRequest ? cardKeys(in) : null;
    if (!byRequest && !demoKeys) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          "signCsr and authCsr are required: the card makes its keys and the hub certifies them"
              + " (keys made by the hub are for the demo on its embedded database only)");
    }
    CardPins pins = byRequest ? null : new CardPins(pin(in, "signPin"), pin(in, "authPin"));
    Municipality municipality =
        catalog
            .find(lg)
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.UNKNOWN_MUNICIPALITY, "no municipality has that code"));
    return issuance
        .applicant(lg, code)
        .compose(
            applicant -> {
              request.notebook().subject(applicant.personId());
              String address =
                  municipality.prefectureName() + municipality.name() + applicant.addressRest();
              return pins == null
                  ? issuance.issueForCardKeys(applicant, address, cardKeys)
                  : issuance.issue(applicant, address, pins);
            })
        .map(
            card -> {
              request.notebook().released(List.of("certificates"));
              JsonObject answer = new JsonObject();
              card.certificates()
                  .forEach(
                      (type, certificate) ->
                          answer.put(
                              type.label(),
                              describe(
                                  certificate, card.shards().get(type), card.bundles().get(type))));
              JsonArray superseded = new JsonArray();
              card.superseded()
                  .forEach(revocation -> superseded.add(Revocations.hex(revocation.serial())));
              return answer.put("superseded", superseded);
            })
        .onComplete(
            done -> {
              if (pins != null) {
                pins.clear(); // also when the resident was not found
              }
            });
  }

  /** The two requests' keys, each proven by its request's signature; the subjects are ignored. */
  static Map<JpkiAuthority.Type, PublicKey> cardKeys(JsonInput in) {
    Map<JpkiAuthority.Type, PublicKey> keys = new EnumMap<>(JpkiAuthority.Type.class);
    for (JpkiAuthority.Type type : JpkiAuthority.Type.values()) {
      String field = type.label() + "Csr";
      if (!in.has(field)) {
        throw new HubException(ErrorCode.INVALID_REQUEST, field + ": required");
      }
      PublicKey key;
      try {
        key =
            CertificateRequests.provenKey(
                CertificateRequests.parse(in.longText(field, MAX_REQUEST_CHARS)));
      } catch (CertificateRequests.Refused e) {
        throw new HubException(ErrorCode.INVALID_CERTIFICATE, field + ": " + e.getMessage());
      }
      if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < JpkiKeys.BITS) {
        throw new HubException(
            ErrorCode.INVALID_CERTIFICATE,
            field + ": a card key is RSA of at least " + JpkiKeys.BITS + " bits");
      }
      keys.put(type, key);
    }
    if (keys.get(JpkiAuthority.Type.SIGN).equals(keys.get(JpkiAuthority.Type.AUTH))) {
      throw new HubException(
          ErrorCode.INVALID_CERTIFICATE, "signCsr and authCsr must carry two different keys");
    }
    return keys;
  }

  /**
   * {@code POST /v1/jpki/certificates/{serial}/revoke}: only by the municipality that issued it.
   */
  Future<JsonObject> revoke(RequestContext request) {
    LgCode lg = request.caller().lgCode().orElseThrow();
    long serial = Revocations.serial(request.routing().pathParam("serial"));
    JsonInput in = JsonInput.of(request.routing(), Set.of("reason"));
    Revocations.Reason reason = Revocations.Reason.of(in.text("reason"));
    return revocations
        .revoke(serial, lg, reason)
        .map(
            state -> {
              request.notebook().subject(state.personId());
              request.notebook().released(List.of("revocation"));
              return Revocations.describe(state);
            });
  }

  private static JsonObject describe(X509Certificate certificate, int shard, byte[] bundle) {
    JsonObject described =
        new JsonObject()
            .put("serial", certificate.getSerialNumber().toString(16).toUpperCase())
            .put("shard", shard)
            .put("notBefore", certificate.getNotBefore().toInstant().toString())
            .put("notAfter", certificate.getNotAfter().toInstant().toString())
            .put("certificate", Pem.certificate(certificate));
    // Only the demo's keys come back (in PKCS#12); a card's keys never left it.
    return bundle == null
        ? described
        : described.put("pkcs12", Base64.getEncoder().encodeToString(bundle));
  }

  /**
   * The path's municipality, which the authorisation stage has held to the caller's own ({@link
   * JpkiCapability#RIGHTS}).
   */
  static LgCode municipality(RequestContext request) {
    return LgCode.of(request.routing().pathParam("lgCode"));
  }

  static char[] pin(JsonInput in, String field) {
    if (!in.has(field)) {
      throw new HubException(ErrorCode.INVALID_PIN, field + ": required");
    }
    try {
      return in.text(field).toCharArray();
    } catch (HubException e) {
      throw new HubException(ErrorCode.INVALID_PIN, field + ": must be a string");
    }
  }
}
