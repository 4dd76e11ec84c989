package jp.jukihub.gateway.http;

import jp.jukihub.gateway.limits.BatchLimits;
import jp.jukihub.gateway.limits.RateLimits;

/**
 * What bounds a body's batches: each line takes a token of its request rate ({@code rates}), a body
 * streams at most a few at once ({@code batches}), and a batch's body must be in within {@code
 * timeoutMillis}. {@link #NONE} bounds nothing (a listener without batches).
 */
public record BatchBounds(RateLimits rates, BatchLimits batches, long timeoutMillis) {
  public static final BatchBounds NONE = new BatchBounds(null, null, Long.MAX_VALUE);
}
