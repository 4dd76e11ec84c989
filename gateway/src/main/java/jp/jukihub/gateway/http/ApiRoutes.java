package jp.jukihub.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.gateway.authorisation.AuthorisationStage;
import jp.jukihub.gateway.authorisation.RouteAuthority;
import jp.jukihub.gateway.pipeline.Pipeline;
import jp.jukihub.gateway.pipeline.Stage;

/**
 * Where capabilities declare their API routes, each with its stable id (the name metrics, audit
 * records and firewall rules use), its own stages (input validation, then the authorisation its
 * table of lawful uses gives) and its service. Every API route goes through here, so none is left
 * unnamed or unauthorised by accident: a route says {@link Route#authorisedBy}, {@link
 * Route#authorisedPerItem} or {@link Route#open} before it can be served.
 */
public final class ApiRoutes {
  private static final Pattern CUSTOM_METHOD = Pattern.compile(".*/[^/:]+:[^/]+");
  private static final Pattern PARAMETER = Pattern.compile("/:([A-Za-z]+)");

  private final Router router;
  private final Pipeline shared;
  private final AuditTrail trail;
  private final AuditDigest digest;
  private final int jsonBodyBytes;
  private final int largeBodyBytes;
  private final BatchBounds batchBounds;
  private final List<String> declared = new ArrayList<>();

  ApiRoutes(
      Router router, Pipeline shared, AuditTrail trail, AuditDigest digest, int maxBodyBytes) {
    this(router, shared, trail, digest, maxBodyBytes, maxBodyBytes, BatchBounds.NONE);
  }

  ApiRoutes(
      Router router,
      Pipeline shared,
      AuditTrail trail,
      AuditDigest digest,
      int jsonBodyBytes,
      int largeBodyBytes,
      BatchBounds batchBounds) {
    this.router = router;
    this.shared = shared;
    this.trail = trail;
    this.digest = digest;
    this.jsonBodyBytes = Math.min(jsonBodyBytes, largeBodyBytes);
    this.largeBodyBytes = largeBodyBytes;
    this.batchBounds = batchBounds;
  }

  /**
   * Routes on another listener than the API's (My Portal's), with that listener's own shared
   * pipeline.
   */
  public static ApiRoutes on(
      Router router, Pipeline shared, AuditTrail trail, AuditDigest digest, int maxBodyBytes) {
    return new ApiRoutes(router, shared, trail, digest, maxBodyBytes);
  }

  /**
   * Starts declaring a route. A segment that starts with ':' is a parameter; a ':' inside a segment
   * is literal (a custom method, as in {@code lookup:batch}), routed by exact match.
   */
  public Route route(HttpMethod method, String path, String id, String service) {
    return new Route(method, path, id, service);
  }

  /** Every route declared, as "METHOD /path/{param}". */
  public List<String> declared() {
    return List.copyOf(declared);
  }

  /** One route as it is declared: its stages, then how it answers. */
  public final class Route {
    private final HttpMethod method;
    private final String path;
    private final String id;
    private final String service;
    private final List<Stage> stages = new ArrayList<>(2);
    private boolean authorised;
    private String restName;
    private AuditedRoute.Outcomes outcomes = AuditedRoute.Outcomes.NONE;
    private boolean largeBody;
    private ContentTypeCheck bodyType = ContentTypeCheck.json();

    private Route(HttpMethod method, String path, String id, String service) {
      this.method = method;
      this.path = path;
      this.id = id;
      this.service = service;
    }

    /** A stage of the route's own (input validation), before its authorisation. */
    public Route stage(Stage stage) {
      stages.add(stage);
      return this;
    }

    /** The route is decided by {@code authority} (its table of lawful uses) before it runs. */
    public Route authorisedBy(RouteAuthority authority) {
      stages.add(new AuthorisationStage(authority));
      authorised = true;
      return this;
    }

    /**
     * The route needs no row of any table: every body the firewall admits may use it (it touches no
     * one's records).
     */
    public Route open() {
      authorised = true;
      return this;
    }

    /**
     * The route carries many requests (a batch): its service asks the table for each, exactly as
     * the stage asks for a single one.
     */
    public Route authorisedPerItem() {
      authorised = true;
      return this;
    }

    /**
     * The route's last parameter is the rest of the path, slashes included (an OCSP GET request's
     * base64 may hold '/'); declared as {@code path/{name}}.
     */
    public Route rest(String name) {
      this.restName = name;
      return this;
    }

    /**
     * The route takes a large body (a copy of a record): up to {@code http.maxBodyBytes} rather
     * than a JSON route's few kilobytes ({@code limits.jsonBodyBytes}).
     */
    public Route largeBody() {
      this.largeBody = true;
      return this;
    }

    /**
     * The route's body is of {@code mediaType}, named in its Content-Type (an OCSP request);
     * without this a route's body is JSON, its Content-Type optional.
     */
    public Route accepts(String mediaType) {
      this.bodyType = ContentTypeCheck.required(mediaType);
      return this;
    }

    /** Told how each answer left, once recorded (a law table counts its refusals). */
    public Route outcomes(AuditedRoute.Outcomes listener) {
      this.outcomes = listener;
      return this;
    }

    /** Answers touch personal information: each is recorded before it is sent. */
    public ApiRoutes audited(AuditedRoute.Service answer) {
      return audited(200, answer);
    }

    /**
     * As {@link #audited(AuditedRoute.Service)}, answering {@code successStatus} (201: created).
     */
    public ApiRoutes audited(int successStatus, AuditedRoute.Service answer) {
      return auditedAnswer(
          request -> answer.answer(request).map(json -> Answer.json(successStatus, json)));
    }

    /**
     * As {@link #audited(AuditedRoute.Service)}, for an answer prepared as bytes: not JSON (a
     * download), or JSON encoded once and kept (a lookup's).
     */
    public ApiRoutes auditedAnswer(AuditedRoute.Prepared answer) {
      checkAuthorised();
      // The audited route runs the route's stages itself, so their refusals are recorded too.
      AuditedRoute audited =
          new AuditedRoute(id, shared.then(stages), answer, trail, digest, outcomes);
      return serve(true, false, audited);
    }

    /** The route's own handler, on a body read whole (up to the configured limit). */
    public ApiRoutes handledBy(Handler<RoutingContext> handler) {
      return serve(true, true, handler);
    }

    /**
     * A batch route: NDJSON lines of {@code fields}, each answered, authorised and audited by
     * {@code service} as the single route would ({@link BatchRoute}).
     */
    public ApiRoutes batch(Set<String> fields, BatchRoute.LineService service) {
      return streamed(new BatchRoute(id, fields, service, trail, digest, outcomes, batchBounds));
    }

    /** The route's own handler, which reads the body as it streams (a batch). */
    public ApiRoutes streamed(Handler<RoutingContext> handler) {
      return serve(false, true, handler);
    }

    private void checkAuthorised() {
      if (!authorised) {
        throw new IllegalStateException(
            "route '" + id + "' says neither how it is authorised nor that it is open");
      }
    }

    private ApiRoutes serve(
        boolean wholeBody, boolean stagesBefore, Handler<RoutingContext> handler) {
      checkAuthorised();
      boolean customMethod = CUSTOM_METHOD.matcher(path).matches();
      String routed = restName == null ? path : path + "/*";
      String described = customMethod ? path : PARAMETER.matcher(path).replaceAll("/{$1}");
      declared.add(
          method.name() + " " + (restName == null ? described : described + "/{" + restName + "}"));
      io.vertx.ext.web.Route route =
          customMethod
              ? router.routeWithRegex(method, Pattern.quote(path))
              : router.route(method, routed);
      route.setName(id);
      // Vert.x wants the body read before any handler of ours on the same route; a check that
      // answers or passes on at once, before any wait, is the one exception.
      if (wholeBody) {
        route.handler(bodyType);
      }
      if (wholeBody) {
        route.handler(
            BodyHandler.create(false).setBodyLimit(largeBody ? largeBodyBytes : jsonBodyBytes));
      }
      route.handler(
          routing -> {
            routing.put(RequestMetrics.SERVICE, service);
            routing.put(RequestMetrics.ROUTE, id);
            routing.next();
          });
      if (stagesBefore && !stages.isEmpty()) {
        route.handler(shared.then(stages));
      }
      route.handler(handler);
      return ApiRoutes.this;
    }
  }
}
