package jp.jukihub.gateway.ops;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.gateway.config.HubOptions;

/**
 * The ops port, kept apart from the API: {@code /metrics} for Prometheus, {@code /health/live} (the
 * process answers) and {@code /health/ready} (every {@link HealthCheck} passes): {@code
 * {"status":"UP"|"DOWN","checks":[{"name","status","reason" when DOWN,"details" when a check has
 * some}]}}.
 */
public final class OpsVerticle extends VerticleBase {
  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final HubOptions.Listener listener;
  private final HubMetrics metrics;
  private final List<HealthCheck> checks;
  private HttpServer server;

  public OpsVerticle(HubOptions.Listener listener, HubMetrics metrics, List<HealthCheck> checks) {
    this.listener = listener;
    this.metrics = metrics;
    this.checks = List.copyOf(checks);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(this::scrape);
    router
        .get("/health/live")
        .handler(routing -> json(routing, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    server =
        vertx.createHttpServer(
            new HttpServerOptions().setHost(listener.host()).setPort(listener.port()));
    return server.requestHandler(router).listen();
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void scrape(RoutingContext routing) {
    // Rendering every meter is CPU work of a few milliseconds: keep it off the event loop.
    vertx
        .executeBlocking(metrics::scrape, false)
        .onSuccess(
            text ->
                routing
                    .response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(text))
        .onFailure(routing::fail);
  }

  private void ready(RoutingContext routing) {
    List<Future<JsonObject>> results = new ArrayList<>();
    for (HealthCheck check : checks) {
      results.add(
          check
              .check()
              .timeout(CHECK_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
              .map(details -> up(check.name(), details))
              .otherwise(
                  failure ->
                      new JsonObject()
                          .put("name", check.name())
                          .put("status", "DOWN")
                          .put("reason", String.valueOf(failure.getMessage()))));
    }
    Future.all(results)
        .onComplete(
            all -> {
              JsonArray detail = new JsonArray();
              boolean up = true;
              for (Future<JsonObject> result : results) {
                detail.add(result.result());
                up &= "UP".equals(result.result().getString("status"));
              }
              json(
                  routing,
                  up ? 200 : 503,
                  new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", detail));
            });
  }

  private static JsonObject up(String name, JsonObject details) {
    JsonObject result = new JsonObject().put("name", name).put("status", "UP");
    return details == null || details.isEmpty() ? result : result.put("details", details);
  }

  private static void json(RoutingContext routing, int status, JsonObject body) {
    routing
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toBuffer());
  }
}
