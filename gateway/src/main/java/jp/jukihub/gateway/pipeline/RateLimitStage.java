package jp.jukihub.gateway.pipeline;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.limits.RateLimits;

/** Each calling body's request rate: past it, 429 {@code RATE_LIMITED} with {@code Retry-After}. */
public final class RateLimitStage implements Stage {
  private final RateLimits limits;

  public RateLimitStage(RateLimits limits) {
    this.limits = limits;
  }

  @Override
  public String id() {
    return "rate-limit";
  }

  @Override
  public Phase phase() {
    return Phase.RATE_LIMIT;
  }

  @Override
  public Future<Void> apply(RequestContext request) {
    long wait = limits.take(request.caller().id());
    if (wait == 0) {
      return Future.succeededFuture();
    }
    long seconds =
        Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait) + (wait % 1_000_000_000L == 0 ? 0 : 1));
    request.routing().response().putHeader("Retry-After", Long.toString(seconds));
    return Future.failedFuture(
        new HubException(
            ErrorCode.RATE_LIMITED,
            "this body's request rate is exceeded; retry after " + seconds + " s"));
  }
}
