package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;
import java.util.regex.Pattern;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;

/**
 * Establishes which registered body is calling. In production the body is proven by its TLS client
 * certificate (mutual TLS, built with the identity-lookup work; until then every production request
 * is refused). Only in development mode, which the hub allows on loopback only, the {@code
 * X-Jukihub-Body} header names the body instead.
 */
public final class CallerIdentityStage implements Stage {
  public static final String DEV_HEADER = "X-Jukihub-Body";
  public static final String OPERATOR_HEADER = "X-Jukihub-Operator";
  // An operator id goes into audit records and logs: a plain token, never free text.
  private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final BodyRegistry registry;
  private final boolean devIdentity;

  public CallerIdentityStage(BodyRegistry registry, boolean devIdentity) {
    this.registry = registry;
    this.devIdentity = devIdentity;
  }

  @Override
  public String id() {
    return "caller-identity";
  }

  @Override
  public Phase phase() {
    return Phase.CALLER_IDENTITY;
  }

  @Override
  public Future<Void> apply(RequestContext request) {
    if (!devIdentity) {
      return Future.failedFuture(
          new HubException(
              ErrorCode.UNAUTHENTICATED,
              "a client certificate issued by the hub's body CA is required"));
    }
    String named = request.routing().request().getHeader(DEV_HEADER);
    if (named == null || named.isBlank()) {
      return Future.failedFuture(
          new HubException(
              ErrorCode.UNAUTHENTICATED, "development mode: name the calling body in " + DEV_HEADER));
    }
    Body body = registry.find(named.strip()).orElse(null);
    if (body == null) {
      return Future.failedFuture(
          new HubException(ErrorCode.UNAUTHENTICATED, DEV_HEADER + " names no registered body"));
    }
    request.caller(body);
    return operator(request);
  }

  private static Future<Void> operator(RequestContext request) {
    String named = request.routing().request().getHeader(OPERATOR_HEADER);
    if (named != null) {
      if (!OPERATOR.matcher(named).matches()) {
        return Future.failedFuture(
            new HubException(
                ErrorCode.INVALID_REQUEST,
                OPERATOR_HEADER + " must be 1-64 of A-Z a-z 0-9 . _ @ -"));
      }
      request.operator(named);
    }
    return Future.succeededFuture();
  }
}
