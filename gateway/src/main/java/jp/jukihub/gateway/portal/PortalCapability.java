package jp.jukihub.gateway.portal;

import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.http.HttpMethod;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.StorePool;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.LimitOptions.ClientOptions;
import jp.jukihub.gateway.config.PortalOptions;
import jp.jukihub.gateway.http.ApiRoutes;
import jp.jukihub.gateway.http.Capability;
import jp.jukihub.gateway.http.HubContext;
import jp.jukihub.gateway.jpki.CertificateVerification;
import jp.jukihub.gateway.limits.ConnectionLimits;
import jp.jukihub.gateway.tls.MutualTls;
import jp.jukihub.jpki.CertificateRecords;
import jp.jukihub.portal.AccessHistory;
import jp.jukihub.portal.HeldCopies;
import jp.jukihub.portal.NoticeLane;
import jp.jukihub.portal.Notices;
import jp.jukihub.portal.PortalResidents;
import jp.jukihub.provision.NetworkKey;

/**
 * My Portal (マイナポータル): residents log in with the My Number card on the portal's own listener and
 * read, about themselves only, every access (アクセス記録), what the intermediate servers hold (自己情報),
 * and their notices (お知らせ), which a background lane makes from new records and from J-LIS's
 * certificates. It declares nothing on the bodies' API: its routes are on {@link PortalVerticle},
 * each read audited under the resident with My Portal as the acting body.
 */
public final class PortalCapability implements Capability {
  private static final String SERVICE = "portal";
  private static final int HISTORY_CONNECTIONS = 8;

  private final HubContext hub;
  private final PortalOptions options;
  private final X509Certificate userAuthenticationCa;
  private final ResidentIdentityStage residentIdentity;
  private final LoginResource logins;
  private final MeResource me;
  private final AccessesResource accesses;
  private final CopiesResource copies;
  private final NoticesResource notices;
  private final NoticeLane lane;
  private final ConnectionLimits connections;

  public PortalCapability(
      HubContext hub,
      CertificateVerification verification,
      X509Certificate userAuthenticationCa,
      NetworkKey network,
      HeldCopies held,
      List<LawfulUses<?>> tables) {
    this.hub = hub;
    this.options = hub.options().portal();
    ClientOptions clients = hub.options().limits().clients();
    // The portal's own count: residents filling it leave the API's connections alone.
    this.connections =
        new ConnectionLimits(
            clients.connectionsPerBody(), clients.connections(), hub.registry(), "portal");
    this.userAuthenticationCa = userAuthenticationCa;
    Clock clock = hub.clock();
    // Sessions and challenges expire on the hub's clock, which tests move instead of waiting.
    Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
    Body portal = portalBody(hub);
    PortalMeters meters = new PortalMeters(hub.registry(), clock);
    StorePool own = hub.pools().hub(DatabaseRole.PORTAL);
    StorePool national = hub.pools().tiers(DatabaseRole.PORTAL).national();
    CardCheck cards = new CardCheck(verification, new CertificateRecords(national), clock);
    PortalSessions sessions = new PortalSessions(options.sessionIdle(), ticker);
    meters.sessions(sessions);
    this.residentIdentity = new ResidentIdentityStage(cards, sessions, portal);
    this.logins =
        new LoginResource(
            new LoginChallenges(cards, clock, options.loginChallenge(), ticker),
            sessions,
            options.loginChallenge(),
            meters);
    ResidentFinder finder = new ResidentFinder(new PortalResidents(national), network);
    AccessDescriptions descriptions = new AccessDescriptions(hub.bodies(), tables);
    Notices noticeStore = new Notices(own);
    this.me = new MeResource(finder, noticeStore, hub.catalog());
    // The history's own few connections, on generic plans (see AccessHistory.SESSION).
    StorePool history =
        hub.pools()
            .hub(DatabaseRole.PORTAL, "portal-history", HISTORY_CONNECTIONS, AccessHistory.SESSION);
    this.accesses =
        new AccessesResource(finder, new AccessHistory(history, clock), descriptions, hub.bodies());
    this.copies = new CopiesResource(finder, held, descriptions);
    this.notices = new NoticesResource(finder, noticeStore, descriptions, clock);
    this.lane = new NoticeLane(own, national, clock);
    lane.start(hub.vertx(), Duration.ofMillis(options.noticeEveryMillis()), meters::noticePass);
  }

  /** The hub's clock: request ids, sessions and challenges read it. */
  Clock clock() {
    return hub.clock();
  }

  /** The registered body that acts for residents in their records: the one of kind portal. */
  private static Body portalBody(HubContext hub) {
    return hub.bodies().all().stream()
        .filter(body -> body.kind() == BodyKind.PORTAL)
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    "portal.enabled: the body registry has no body of kind portal (My Portal),"
                        + " which residents' records name as acting for them"));
  }

  /** Nothing on the bodies' API. */
  @Override
  public void declareRoutes(ApiRoutes routes) {}

  /** The resident's API on the portal's listener: each read audited under the resident. */
  void declarePortalRoutes(ApiRoutes api) {
    api.route(HttpMethod.GET, "/v1/portal/me", "portal.me", SERVICE).open().audited(me::me);
    api.route(HttpMethod.GET, "/v1/portal/me/accesses", "portal.accesses", SERVICE)
        .open()
        .audited(accesses::page);
    api.route(HttpMethod.GET, "/v1/portal/me/accesses.csv", "portal.accesses-csv", SERVICE)
        .open()
        .auditedAnswer(accesses::csv);
    api.route(HttpMethod.GET, "/v1/portal/me/copies", "portal.copies", SERVICE)
        .open()
        .audited(copies::copies);
    api.route(HttpMethod.GET, "/v1/portal/me/notices", "portal.notices", SERVICE)
        .open()
        .audited(notices::list);
    api.route(HttpMethod.POST, "/v1/portal/me/notices/:id/read", "portal.notice-read", SERVICE)
        .open()
        .audited(notices::markRead);
  }

  /**
   * A verticle serving the portal on {@code port} (shared by all of them), with {@code server}'s
   * certificate.
   */
  public PortalVerticle verticle(MutualTls server, int port) {
    return new PortalVerticle(
        this,
        options.listener().host(),
        port,
        server,
        userAuthenticationCa,
        hub.registry(),
        hub.options().limits().clients(),
        connections);
  }

  ResidentIdentityStage residentIdentity() {
    return residentIdentity;
  }

  LoginResource logins() {
    return logins;
  }

  AuditTrail trail() {
    return hub.trail();
  }

  AuditDigest digest() {
    return hub.digest();
  }

  @Override
  public void close() {
    lane.close();
  }
}
