package jp.jukihub.gateway.jpki;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.pipeline.RequestContext;
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
  private final CardIssuance issuance;
  private final Revocations revocations;
  private final MunicipalityCatalog catalog;

  CardResource(CardIssuance issuance, Revocations revocations, MunicipalityCatalog catalog) {
    this.issuance = issuance;
    this.revocations = revocations;
    this.catalog = catalog;
  }

  /** {@code POST /v1/municipalities/{lgCode}/residents/{residentCode}/certificates}. */
  Future<JsonObject> issue(RequestContext request) {
    LgCode lg = municipality(request);
    ResidentCode code = ResidentCode.of(request.routing().pathParam("residentCode"));
    JsonInput in = JsonInput.of(request.routing(), Set.of("signPin", "authPin"));
    CardPins pins = new CardPins(pin(in, "signPin"), pin(in, "authPin"));
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
              return issuance.issue(applicant, address, pins);
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
        .onComplete(done -> pins.clear()); // also when the resident was not found
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
    return new JsonObject()
        .put("serial", certificate.getSerialNumber().toString(16).toUpperCase())
        .put("shard", shard)
        .put("notBefore", certificate.getNotBefore().toInstant().toString())
        .put("notAfter", certificate.getNotAfter().toInstant().toString())
        .put("certificate", Pem.certificate(certificate))
        .put("pkcs12", Base64.getEncoder().encodeToString(bundle));
  }

  /**
   * The path's municipality, which the authorisation stage has held to the caller's own ({@link
   * JpkiCapability#RIGHTS}).
   */
  static LgCode municipality(RequestContext request) {
    return LgCode.of(request.routing().pathParam("lgCode"));
  }

  private static char[] pin(JsonInput in, String field) {
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
