package jp.jukihub.gateway.portal;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.X509Certificate;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.pipeline.CallerIdentityStage;
import jp.jukihub.gateway.pipeline.Phase;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.gateway.pipeline.Stage;

/**
 * Who the resident is, on every request: the card's certificate presented in the TLS handshake
 * (apps), or the session a signed challenge opened (browsers). Either way the card is checked again
 * with J-LIS now, so a revocation ends a long-lived connection or session at its next request. My
 * Portal is the body that acts for the resident in the records. A browser's changing request must
 * come from the portal's own page ({@code X-Requested-With}, beside SameSite cookies).
 */
final class ResidentIdentityStage implements Stage {
  static final String REQUESTED_WITH = "X-Requested-With";
  private static final String RESIDENT = "jukihub.portal.resident";

  private final CardCheck cards;
  private final PortalSessions sessions;
  private final Body portal;

  ResidentIdentityStage(CardCheck cards, PortalSessions sessions, Body portal) {
    this.cards = cards;
    this.sessions = sessions;
    this.portal = portal;
  }

  @Override
  public String id() {
    return "resident-identity";
  }

  @Override
  public Phase phase() {
    return Phase.CALLER_IDENTITY;
  }

  /** The resident the request is for; present once this stage has run. */
  static CardCheck.Holder resident(RequestContext request) {
    CardCheck.Holder holder = request.routing().get(RESIDENT);
    if (holder == null) {
      throw new IllegalStateException("resident read before the resident-identity stage");
    }
    return holder;
  }

  @Override
  public Future<Void> apply(RequestContext request) {
    request.actingBody(portal);
    HttpServerRequest http = request.routing().request();
    // A browser presents its client certificate and its cookies to a cross-site form alike.
    if (!fromOwnPage(http)) {
      return Future.failedFuture(notFromPortal());
    }
    X509Certificate card = CallerIdentityStage.clientCertificate(http.sslSession());
    Future<CardCheck.Holder> holder;
    if (card != null) {
      holder = cards.holderOf(card);
    } else {
      Cookie cookie = http.getCookie(PortalSessions.COOKIE);
      String session = cookie == null ? null : cookie.getValue();
      Long serial = sessions.serialOf(session).orElse(null);
      if (serial == null) {
        return Future.failedFuture(
            new HubException(
                ErrorCode.NOT_LOGGED_IN,
                "log in with your My Number card (TLS client certificate, or the log-in page)"));
      }
      // A card revoked or expired since the log-in ends the session here.
      holder = cards.holderOf(serial).onFailure(refused -> sessions.close(session));
    }
    return holder.map(
        found -> {
          request.routing().put(RESIDENT, found);
          return null;
        });
  }

  /** Safe methods are always; a changing one must carry the header a cross-site form cannot. */
  static boolean fromOwnPage(HttpServerRequest http) {
    return http.method() == HttpMethod.GET
        || http.method() == HttpMethod.HEAD
        || "portal".equals(http.getHeader(REQUESTED_WITH));
  }

  static HubException notFromPortal() {
    return new HubException(
        ErrorCode.NOT_FROM_PORTAL, REQUESTED_WITH + ": portal is required on this request");
  }
}
