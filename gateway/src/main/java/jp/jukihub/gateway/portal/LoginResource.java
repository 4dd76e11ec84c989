package jp.jukihub.gateway.portal;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.gateway.jpki.CertificateVerification;

/**
 * The browser's log-in with the card (a challenge the card reader app signs) and log-out:
 *
 * <ul>
 *   <li>{@code POST /portal/login/challenges}: the page asks; 201 with the challenge, and a cookie
 *       that binds it to this browser;
 *   <li>{@code POST /portal/login/challenges/{id}/signature}: the card reader app answers with the
 *       certificate and the signature; 204, or why the card is refused;
 *   <li>{@code POST /portal/login/challenges/{id}/session}: the page polls; 202 while the card has
 *       not answered, 200 with the session cookie once it has, or why it was refused;
 *   <li>{@code POST /portal/logout}.
 * </ul>
 */
final class LoginResource {
  static final Set<String> SIGNATURE_FIELDS = Set.of("certificate", "signature");
  // A card's certificate is about 1.5 KB of PEM; an RSA-2048 signature 344 characters of base64.
  private static final int MAX_PEM = 8_192;
  private static final int MAX_SIGNATURE = 1_024;

  private final LoginChallenges challenges;
  private final PortalSessions sessions;
  private final Duration challengeLifetime;
  private final PortalMeters meters;

  LoginResource(
      LoginChallenges challenges,
      PortalSessions sessions,
      Duration challengeLifetime,
      PortalMeters meters) {
    this.challenges = challenges;
    this.sessions = sessions;
    this.challengeLifetime = challengeLifetime;
    this.meters = meters;
  }

  void challenge(RoutingContext routing) {
    if (!ResidentIdentityStage.fromOwnPage(routing.request())) {
      routing.fail(ResidentIdentityStage.notFromPortal());
      return;
    }
    LoginChallenges.Issued issued = challenges.issue();
    routing
        .response()
        .addCookie(
            secureCookie(LoginChallenges.COOKIE, issued.browserSecret())
                .setMaxAge(challengeLifetime.toSeconds()));
    send(
        routing,
        201,
        new JsonObject()
            .put("challengeId", issued.id())
            .put("challenge", issued.text())
            .put("expiresAt", issued.expiresAt().toString()));
  }

  /** The card reader app's answer; it has no cookie of the browser and needs none. */
  void signature(RoutingContext routing) {
    String id = routing.pathParam("id");
    JsonInput in = JsonInput.of(routing, SIGNATURE_FIELDS);
    X509Certificate certificate = certificate(in);
    byte[] signature = signature(in);
    challenges
        .answer(id, certificate, signature)
        .onSuccess(done -> routing.response().setStatusCode(204).end())
        .onFailure(
            refused -> {
              meters.login(refused);
              routing.fail(refused);
            });
  }

  static X509Certificate certificate(JsonInput in) {
    return CertificateVerification.parse(in.longText("certificate", MAX_PEM));
  }

  static byte[] signature(JsonInput in) {
    try {
      return Base64.getDecoder().decode(in.longText("signature", MAX_SIGNATURE));
    } catch (IllegalArgumentException e) {
      throw new HubException(ErrorCode.INVALID_REQUEST, "signature: base64 of the signature");
    }
  }

  void session(RoutingContext routing) {
    if (!ResidentIdentityStage.fromOwnPage(routing.request())) {
      routing.fail(ResidentIdentityStage.notFromPortal());
      return;
    }
    Cookie browser = routing.request().getCookie(LoginChallenges.COOKIE);
    LoginChallenges.State state =
        challenges.claim(routing.pathParam("id"), browser == null ? null : browser.getValue());
    if (state instanceof LoginChallenges.Refused refused) {
      routing.response().addCookie(expired(LoginChallenges.COOKIE));
      routing.fail(refused.why());
    } else if (state instanceof LoginChallenges.Signed signed) {
      meters.login(null);
      routing
          .response()
          .addCookie(expired(LoginChallenges.COOKIE))
          .addCookie(secureCookie(PortalSessions.COOKIE, sessions.open(signed.serial())));
      send(routing, 200, new JsonObject().put("loggedIn", true));
    } else {
      send(routing, 202, new JsonObject().put("loggedIn", false).put("waitingFor", "card"));
    }
  }

  void logout(RoutingContext routing) {
    if (!ResidentIdentityStage.fromOwnPage(routing.request())) {
      routing.fail(ResidentIdentityStage.notFromPortal());
      return;
    }
    Cookie session = routing.request().getCookie(PortalSessions.COOKIE);
    if (session != null) {
      sessions.close(session.getValue());
    }
    routing.response().addCookie(expired(PortalSessions.COOKIE)).setStatusCode(204).end();
  }

  private static void send(RoutingContext routing, int status, JsonObject json) {
    routing
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(json.toBuffer());
  }

  /**
   * {@code __Host-}: Secure, path /, no domain; never readable by scripts, never sent cross-site.
   */
  private static Cookie secureCookie(String name, String value) {
    return Cookie.cookie(name, value)
        .setPath("/")
        .setSecure(true)
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT);
  }

  private static Cookie expired(String name) {
    return secureCookie(name, "").setMaxAge(0);
  }
}
