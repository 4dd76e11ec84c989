package jp.jukihub.gateway.portal;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.gateway.config.LimitOptions.ClientOptions;
import jp.jukihub.gateway.http.ApiRoutes;
import jp.jukihub.gateway.http.BoundedClients;
import jp.jukihub.gateway.http.OpenApiDescription;
import jp.jukihub.gateway.http.ProblemResponder;
import jp.jukihub.gateway.http.RequestMetrics;
import jp.jukihub.gateway.http.RequestShape;
import jp.jukihub.gateway.http.UnreadableRequests;
import jp.jukihub.gateway.limits.ConnectionLimits;
import jp.jukihub.gateway.pipeline.Pipeline;
import jp.jukihub.gateway.pipeline.RequestIdStage;
import jp.jukihub.gateway.tls.MutualTls;

/**
 * My Portal's own HTTPS listener, one per event loop like the API's: the page (static files from
 * the hub itself, no CDN), the card log-in, and the resident's JSON API, every answer marked never
 * to be cached. A request to the API goes request id → resident identity (card or session) → its
 * audited route.
 */
public final class PortalVerticle extends VerticleBase {
  private static final String SERVICE = "portal";
  static final String WEB_ROOT = "jp/jukihub/gateway/portal/web";
  static final String OPENAPI = "/jp/jukihub/gateway/portal/openapi.yaml";
  private static final int LOGIN_BODY_BYTES = 16 * 1024;
  private static final List<String> LOGIN_ROUTES =
      List.of(
          "POST /portal/login/challenges",
          "POST /portal/login/challenges/{id}/signature",
          "POST /portal/login/challenges/{id}/session",
          "POST /portal/logout");
  private static final String POLICY =
      "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  private final PortalCapability portal;
  private final String host;
  // Vert.x's "any free port, shared" is -1 (tests); a configured port is itself.
  private final int port;
  private final MutualTls server;
  private final X509Certificate userAuthenticationCa;
  private final MeterRegistry meters;
  private final ClientOptions clients;
  private final ConnectionLimits connections;
  private HttpServer http;
  private List<String> routes = List.of();

  PortalVerticle(
      PortalCapability portal,
      String host,
      int port,
      MutualTls server,
      X509Certificate userAuthenticationCa,
      MeterRegistry meters,
      ClientOptions clients,
      ConnectionLimits connections) {
    this.clients = clients;
    this.connections = connections;
    this.portal = portal;
    this.host = host;
    this.port = port;
    this.server = server;
    this.userAuthenticationCa = userAuthenticationCa;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    // Residents are counted per remote address: their card certificate is asked for per request.
    BoundedClients bounded = BoundedClients.byAddress(vertx, clients, connections);
    router.route().handler(bounded);
    router.route().handler(new RequestMetrics(meters));
    router.route().handler(new RequestShape());
    router.route().handler(PortalVerticle::privateAnswers);
    router.get("/").handler(routing -> redirect(routing, "/portal/"));
    router.get(OpenApiDescription.PATH).handler(OpenApiDescription.load(OPENAPI)::serve);
    router
        .get("/portal/*")
        .handler(
            StaticHandler.create(WEB_ROOT)
                .setCachingEnabled(false)
                .setDefaultContentEncoding("UTF-8")
                .setIndexPage("index.html"));

    Pipeline login = Pipeline.of(List.of(new RequestIdStage(portal.clock())));
    LoginResource logins = portal.logins();
    router
        .post("/portal/login/*")
        .handler(BodyHandler.create(false).setBodyLimit(LOGIN_BODY_BYTES));
    router.post("/portal/login/*").handler(login);
    router.post("/portal/logout").handler(login);
    router
        .post("/portal/login/challenges")
        .handler(tagged("portal.login-challenge", logins::challenge));
    router
        .post("/portal/login/challenges/:id/signature")
        .handler(tagged("portal.login-signature", logins::signature));
    router
        .post("/portal/login/challenges/:id/session")
        .handler(tagged("portal.login-session", logins::session));
    router.post("/portal/logout").handler(tagged("portal.logout", logins::logout));

    Pipeline residents =
        Pipeline.of(List.of(new RequestIdStage(portal.clock()), portal.residentIdentity()));
    // The body is read before the resident is checked (a database read): a body handler after an
    // asynchronous step would find the request over.
    router.route("/v1/portal/*").handler(BodyHandler.create(false).setBodyLimit(LOGIN_BODY_BYTES));
    // Refused before its route (no card, a revoked one): counted as the portal's all the same.
    router
        .route("/v1/portal/*")
        .handler(
            routing -> {
              RequestMetrics.tag(routing, SERVICE, "portal.resident-identity");
              routing.next();
            });
    router.route("/v1/portal/*").handler(residents);
    ApiRoutes api =
        ApiRoutes.on(router, residents, portal.trail(), portal.digest(), LOGIN_BODY_BYTES);
    portal.declarePortalRoutes(api);
    routes = new ArrayList<>(api.declared());
    routes.addAll(LOGIN_ROUTES);

    ProblemResponder problems = new ProblemResponder();
    router.route().failureHandler(problems);
    for (int status : new int[] {400, 404, 405, 413, 415, 417, 500}) {
      router.errorHandler(status, problems);
    }
    HttpServerOptions options =
        server
            .applyServerCertificateTo(
                bounded.applyTo(new HttpServerOptions().setHost(host).setPort(port)))
            .setClientAuth(ClientAuth.REQUEST)
            .setTrustOptions(TrustOptions.wrap(new CardRequestingTrust(userAuthenticationCa)))
            .setCompressionSupported(false);
    http = UnreadableRequests.answeredOn(vertx.createHttpServer(options));
    return bounded.serve(http, router).listen();
  }

  private static Handler<RoutingContext> tagged(String route, Handler<RoutingContext> handler) {
    return routing -> {
      RequestMetrics.tag(routing, SERVICE, route);
      handler.handle(routing);
    };
  }

  /** Nothing the portal answers may be kept by a browser or proxy, nor framed by another site. */
  private static void privateAnswers(RoutingContext routing) {
    routing
        .response()
        .putHeader("Cache-Control", "no-store")
        .putHeader("Pragma", "no-cache")
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Strict-Transport-Security", "max-age=31536000");
    routing.next();
  }

  private static void redirect(RoutingContext routing, String to) {
    routing.response().setStatusCode(302).putHeader("Location", to).end();
  }

  /** The routes served (the log-in's and the resident's API), as "METHOD /path/{param}". */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return http.actualPort();
  }
}
