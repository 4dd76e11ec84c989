package jp.jukihub.gateway.jpki;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jp.jukihub.gateway.jpki.RelyingParties.RelyingParty;

/**
 * The OCSP responder's HTTP side (RFC 6960 appendix A): {@code POST /v1/jpki/ocsp} with the DER
 * request as body, and {@code GET /v1/jpki/ocsp/{base64}}. Every OCSP-level failure is an OCSP
 * answer (malformedRequest, unauthorized, tryLater...) with status 200, as clients expect.
 */
public final class OcspResource {
  public static final String PATH = "/v1/jpki/ocsp";
  public static final String REQUEST_TYPE = "application/ocsp-request";

  private final OcspResponder responder;
  private final RelyingParties parties;
  private final CheckMeter meter;

  public OcspResource(OcspResponder responder, RelyingParties parties, CheckMeter meter) {
    this.responder = responder;
    this.parties = parties;
    this.meter = meter;
  }

  public void post(RoutingContext routing) {
    RelyingParty party = parties.party(routing);
    // Its Content-Type was checked by the route (ApiRoutes.Route.accepts).
    RequestBody body = routing.body();
    answer(routing, party, body == null || body.buffer() == null ? Buffer.buffer() : body.buffer());
  }

  /** The request in the path: base64, then URL-encoded (a '/' in it may arrive as is or as %2F). */
  public void get(RoutingContext routing) {
    RelyingParty party = parties.party(routing);
    String path = routing.request().path();
    String encoded = path.length() > PATH.length() + 1 ? path.substring(PATH.length() + 1) : "";
    byte[] der;
    try {
      // Only %XX escapes are decoded: a '+' sent as it is belongs to the base64, not a space.
      der =
          Base64.getDecoder()
              .decode(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      der = new byte[0]; // answered malformedRequest, as a body that is not DER would be
    }
    answer(routing, party, Buffer.buffer(der));
  }

  private void answer(RoutingContext routing, RelyingParty party, Buffer request) {
    responder
        .answer(request, type -> meter.count(party, CheckMeter.Check.OCSP, type))
        .onComplete(
            done -> {
              if (done.failed()) {
                routing.fail(done.cause());
                return;
              }
              routing
                  .response()
                  .putHeader("Content-Type", "application/ocsp-response")
                  .end(done.result());
            });
  }
}
