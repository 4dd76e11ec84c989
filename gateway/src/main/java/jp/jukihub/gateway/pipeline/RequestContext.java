package jp.jukihub.gateway.pipeline;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import jp.jukihub.gateway.body.Body;

/** What the stages learn about one request as it goes through, kept on its routing context. */
public final class RequestContext {
  private static final String KEY = "jukihub.request";

  private final RoutingContext routing;
  private String requestId;
  private Body caller;

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

  public String requestId() {
    return requestId;
  }

  void requestId(String id) {
    this.requestId = id;
  }

  /** The calling body; present once the caller-identity stage has run. */
  public Body caller() {
    if (caller == null) {
      throw new IllegalStateException("caller read before the caller-identity stage");
    }
    return caller;
  }

  void caller(Body body) {
    this.caller = body;
  }
}
