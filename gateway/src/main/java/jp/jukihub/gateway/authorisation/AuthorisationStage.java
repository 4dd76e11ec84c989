package jp.jukihub.gateway.authorisation;

import io.vertx.core.Future;
import jp.jukihub.gateway.pipeline.Phase;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.gateway.pipeline.Stage;

/**
 * "May this body do this, for this affair, to this person": one route's {@link RouteAuthority}
 * asked before its service runs. The grant is kept on the request for the service ({@link #grant});
 * the deciding row is in the audit notebook either way.
 */
public final class AuthorisationStage implements Stage {
  private static final String KEY = "jukihub.grant";

  private final RouteAuthority authority;

  public AuthorisationStage(RouteAuthority authority) {
    this.authority = authority;
  }

  @Override
  public String id() {
    return "authorisation";
  }

  @Override
  public Phase phase() {
    return Phase.AUTHORISATION;
  }

  @Override
  public Future<Void> apply(RequestContext request) {
    request.routing().put(KEY, authority.authorise(request));
    return Future.succeededFuture();
  }

  /** The grant the stage made for this request. */
  public static Grant grant(RequestContext request) {
    Grant grant = request.routing().get(KEY);
    if (grant == null) {
      throw new IllegalStateException("the route declared no authorisation");
    }
    return grant;
  }
}
