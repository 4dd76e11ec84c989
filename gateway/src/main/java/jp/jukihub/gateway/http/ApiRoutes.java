package jp.jukihub.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.gateway.law.LawDenials;

/**
 * Declares an API route with its stable id and service, the names metrics, audit records and
 * (later) firewall rules use for it. Every API route goes through here, so none is left unnamed.
 */
final class ApiRoutes {
  private static final java.util.regex.Pattern CUSTOM_METHOD =
      java.util.regex.Pattern.compile(".*/[^/:]+:[^/]+");

  private final Router router;
  private final AuditTrail trail;
  private final AuditDigest digest;
  private final LawDenials denials;
  private final List<String> declared = new ArrayList<>();

  ApiRoutes(Router router, AuditTrail trail, AuditDigest digest, LawDenials denials) {
    this.router = router;
    this.trail = trail;
    this.digest = digest;
    this.denials = denials;
  }

  /** A route whose answers touch personal information: each is recorded before it is sent. */
  ApiRoutes audited(
      HttpMethod method, String path, String id, String service, AuditedRoute.Service answer) {
    return audited(method, path, id, service, 200, answer);
  }

  /** As {@link #audited}, answering {@code successStatus} (201 for a route that creates). */
  ApiRoutes audited(
      HttpMethod method,
      String path,
      String id,
      String service,
      int successStatus,
      AuditedRoute.Service answer) {
    return add(
        method,
        path,
        id,
        service,
        new AuditedRoute(id, answer, trail, digest, successStatus, denials));
  }

  /**
   * A route with its own handler. A segment that starts with ':' is a parameter; a ':' inside a
   * segment is literal (a custom method, as in {@code lookup:batch}), routed by exact match.
   */
  ApiRoutes add(
      HttpMethod method, String path, String id, String service, Handler<RoutingContext> handler) {
    boolean customMethod = CUSTOM_METHOD.matcher(path).matches();
    declared.add(
        method.name() + " " + (customMethod ? path : path.replaceAll("/:([A-Za-z]+)", "/{$1}")));
    (customMethod
            ? router.routeWithRegex(method, java.util.regex.Pattern.quote(path))
            : router.route(method, path))
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

  /**
   * A route whose last parameter is the rest of the path, slashes included ({@code prefix/*}), as
   * an OCSP GET request's base64 may hold '/'; declared as {@code prefix/{name}}.
   */
  ApiRoutes addRest(
      HttpMethod method,
      String prefix,
      String name,
      String id,
      String service,
      Handler<RoutingContext> handler) {
    add(method, prefix + "/*", id, service, handler);
    declared.set(declared.size() - 1, method.name() + " " + prefix + "/{" + name + "}");
    return this;
  }

  /** Every route declared, as "METHOD /path/{param}". */
  List<String> declared() {
    return List.copyOf(declared);
  }
}
