package jp.jukihub.gateway.jpki;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.authorisation.AuthorisationStage;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.jpki.RelyingParties.RelyingParty;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.jpki.UsageLedger;

/**
 * The relying parties' JSON routes: {@code POST /v1/jpki/verify} (one certificate's status) and
 * {@code GET /v1/jpki/usage?month=YYYY-MM} (checks metered for fees: a party sees its own, J-LIS
 * sees every party's). Not audited: they concern certificates a party was shown, not records.
 */
final class VerifierResource {
  static final int MAX_PEM = 16_384;

  private final CertificateVerification verification;
  private final RelyingParties parties;
  private final CheckMeter meter;
  private final UsageLedger usage;

  VerifierResource(
      CertificateVerification verification,
      RelyingParties parties,
      CheckMeter meter,
      UsageLedger usage) {
    this.verification = verification;
    this.parties = parties;
    this.meter = meter;
    this.usage = usage;
  }

  void verify(RoutingContext routing) {
    RelyingParty party = parties.party(routing);
    String pem = JsonInput.of(routing, Set.of("certificate")).longText("certificate", MAX_PEM);
    X509Certificate certificate = CertificateVerification.parse(pem);
    verification
        .issuerOf(certificate)
        .ifPresentOrElse(
            type -> {
              meter.count(party, CheckMeter.Check.VERIFY, type);
              verification
                  .verify(certificate, type, party)
                  .onComplete(
                      done -> {
                        if (done.failed()) {
                          routing.fail(done.cause());
                        } else {
                          json(routing, done.result());
                        }
                      });
            },
            () -> json(routing, CertificateVerification.unknown(null)));
  }

  void usage(RoutingContext routing) {
    RelyingParty party = parties.party(routing);
    LocalDate month = month(routing.queryParams().get("month"));
    boolean everyone =
        AuthorisationStage.grant(RequestContext.of(routing).orElseThrow())
            .releases(JpkiCapability.EVERY_PARTY_USAGE);
    Optional<String> only =
        everyone ? Optional.empty() : Optional.of(party.corporateNumber().value());
    meter
        .flush()
        .compose(flushed -> usage.month(month, only))
        .onComplete(
            done -> {
              if (done.failed()) {
                routing.fail(done.cause());
                return;
              }
              json(
                  routing,
                  new JsonObject()
                      .put("month", YearMonth.from(month).toString())
                      .put("verifiers", byParty(done.result())));
            });
  }

  private static JsonArray byParty(List<UsageLedger.Count> counts) {
    Map<String, JsonObject> parties = new LinkedHashMap<>();
    for (UsageLedger.Count count : counts) {
      JsonObject party =
          parties.computeIfAbsent(
              count.corporateNumber(),
              number ->
                  new JsonObject()
                      .put("corporateNumber", number)
                      .put("checks", new JsonObject())
                      .put("total", 0L));
      JsonObject checks = party.getJsonObject("checks");
      JsonObject kind = checks.getJsonObject(count.checkKind());
      if (kind == null) {
        kind = new JsonObject();
        checks.put(count.checkKind(), kind);
      }
      kind.put(count.certificateType(), count.checks());
      party.put("total", party.getLong("total") + count.checks());
    }
    return new JsonArray(List.copyOf(parties.values()));
  }

  static LocalDate month(String text) {
    if (text == null || !text.matches("[0-9]{4}-[0-9]{2}")) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "month: required, as YYYY-MM");
    }
    try {
      return YearMonth.parse(text).atDay(1);
    } catch (DateTimeParseException e) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "month: not a month (YYYY-MM)");
    }
  }

  private static void json(RoutingContext routing, JsonObject answer) {
    routing.response().putHeader("Content-Type", "application/json").end(answer.toBuffer());
  }
}
