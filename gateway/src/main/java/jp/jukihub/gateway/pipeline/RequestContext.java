package jp.jukihub.gateway.pipeline;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import jp.jukihub.gateway.body.Body;

/**
 * One request as the stages see it: its routing context and its {@link AuditNotebook}, in which the
 * stages and the service write what its audit record will say. Kept on the routing context.
 */
public final class RequestContext {
  private static final String KEY = "jukihub.request";

  private final RoutingContext routing;
  private final AuditNotebook notebook = new AuditNotebook(System.nanoTime());

  private RequestContext(RoutingContext routing) {
    this.routing = routing;
  }

  static RequestContext attach(RoutingContext routing) {
    RequestContext request = new RequestContext(routing);
    routing.put(KEY, request);
    return request;
  }

  /** The request's context, if the pipeline has seen it (a failure can come before). */
  public static Optional<RequestContext> of(RoutingContext routing) {
    return Optional.ofNullable(routing.get(KEY));
  }

  public RoutingContext routing() {
    return routing;
  }

  /** What the request's audit record will say; stages and the service write in it. */
  public AuditNotebook notebook() {
    return notebook;
  }

  public String requestId() {
    return notebook.requestId();
  }

  void requestId(String id) {
    notebook.requestId(id);
  }

  /** The calling body; present once the caller-identity stage has run. */
  public Body caller() {
    return notebook.caller();
  }

  void caller(Body body) {
    notebook.caller(body);
  }

  /**
   * For a listener whose callers are residents, not bodies (My Portal): the registered body that
   * acts for them, named in their records. No operator: the resident acts in person.
   */
  public void actingBody(Body body) {
    notebook.caller(body);
  }

  void operator(String name) {
    notebook.operator(name);
  }

  void firewallRule(String ruleId) {
    notebook.firewallRule(ruleId);
  }
}
