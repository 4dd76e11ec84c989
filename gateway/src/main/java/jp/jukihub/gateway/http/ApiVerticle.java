package jp.jukihub.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.firewall.Firewall;
import jp.jukihub.gateway.limits.RateLimits;
import jp.jukihub.gateway.pipeline.CallerIdentityStage;
import jp.jukihub.gateway.pipeline.FirewallStage;
import jp.jukihub.gateway.pipeline.Pipeline;
import jp.jukihub.gateway.pipeline.RateLimitStage;
import jp.jukihub.gateway.pipeline.RequestIdStage;
import jp.jukihub.gateway.tls.BodyCertificate;
import jp.jukihub.gateway.tls.MutualTls;

/**
 * Serves the API on one event loop; the hub deploys one per core on the same port. Every request
 * goes metrics post stage → pipeline (request id → caller identity → firewall → rate limit) → its
 * route (audited when it touches personal information) → problem responder on failure; before all
 * of it, {@link BoundedClients} holds each connection and request to its caps and deadlines. With
 * {@link MutualTls} the server speaks TLS and the caller's certificate names its body; without, it
 * is development identity: plain HTTP on loopback, the body named by a header.
 */
public final class ApiVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final ApiServices services;
  private final Optional<MutualTls> tls;
  private final MeterRegistry meters;
  private HttpServer server;
  private List<String> routes = List.of();

  public ApiVerticle(
      String host, int port, ApiServices services, Optional<MutualTls> tls, MeterRegistry meters) {
    this.host = host;
    this.port = port;
    this.services = services;
    this.tls = tls;
    this.meters = meters;
  }

  static Pipeline pipeline(
      BodyRegistry bodies,
      Firewall firewall,
      RateLimits limits,
      Optional<MutualTls> tls,
      Clock clock) {
    return Pipeline.of(
        List.of(
            new RequestIdStage(clock),
            tls.map(mutual -> CallerIdentityStage.mutualTls(bodies, mutual.checks()))
                .orElseGet(() -> CallerIdentityStage.development(bodies)),
            new FirewallStage(firewall),
            new RateLimitStage(limits)));
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    BoundedClients clients =
        tls.isEmpty()
            ? BoundedClients.byAddress(vertx, services.clients(), services.connections())
            : BoundedClients.of(
                vertx, services.clients(), services.connections(), BodyCertificate::bodyId);
    router.route().handler(clients);
    router.route().handler(new RequestMetrics(meters));
    router.route().handler(new RequestShape());
    // The API's description is outside the pipeline: a caller reads it before it has an operator
    // or a route the firewall allows. (In production the TLS handshake has already asked for its
    // certificate.)
    router.get(OpenApiDescription.PATH).handler(OpenApiDescription.load()::serve);
    Pipeline shared =
        pipeline(services.bodies(), services.firewall(), services.limits(), tls, services.clock());
    router.route().handler(shared);
    ApiRoutes api =
        new ApiRoutes(
            router,
            shared,
            services.trail(),
            services.digest(),
            services.clients().jsonBodyBytes(),
            services.maxBodyBytes(),
            new BatchBounds(
                services.limits(),
                services.batches(),
                TimeUnit.SECONDS.toMillis(services.clients().batchTimeoutSeconds())));
    api.route(HttpMethod.GET, "/v1/bodies/me", "bodies.me", "bodies")
        .open()
        .handledBy(CallerResource::describe);
    services.capabilities().forEach(capability -> capability.declareRoutes(api));
    routes = api.declared();
    ProblemResponder problems = new ProblemResponder();
    router.route().failureHandler(problems);
    for (int status : new int[] {400, 404, 405, 413, 415, 417, 500}) {
      router.errorHandler(status, problems);
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setCompressionSupported(false)
            // No WebSockets here: without these Netty leaves its extension handler out of every
            // connection's pipeline, where it would inspect each request for an upgrade.
            .setPerFrameWebSocketCompressionSupported(false)
            .setPerMessageWebSocketCompressionSupported(false)
            // No upgrade to cleartext HTTP/2: Vert.x cannot take a large body (a batch) with the
            // upgrade request, and a caller that asks for it simply stays on HTTP/1.1.
            .setHttp2ClearTextEnabled(false);
    HttpServerOptions served =
        clients.applyTo(tls.map(mutual -> mutual.applyTo(options)).orElse(options));
    server = UnreadableRequests.answeredOn(vertx.createHttpServer(served));
    return clients
        .serve(server, router)
        .listen()
        .onSuccess(
            listening -> tls.ifPresent(mutual -> mutual.follow(listening, served.getSslOptions())));
  }

  /**
   * The API routes, as "METHOD /path/{param}", for checking them against the OpenAPI description.
   */
  public List<String> routes() {
    return routes;
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
