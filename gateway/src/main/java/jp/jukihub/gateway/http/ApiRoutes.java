package jp.jukihub.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Declares an API route with its stable id and service, the names metrics, audit records and
 * (later) firewall rules use for it. Every API route goes through here, so none is left unnamed.
 */
final class ApiRoutes {
  private final Router router;

  ApiRoutes(Router router) {
    this.router = router;
  }

  ApiRoutes add(
      HttpMethod method, String path, String id, String service, Handler<RoutingContext> handler) {
    router
        .route(method, path)
        .setName(id)
        .handler(
            routing -> {
              routing.put(RequestMetrics.SERVICE, service);
              routing.put(RequestMetrics.ROUTE, id);
              routing.next();
            })
        .handler(handler);
    return this;
  }
}
