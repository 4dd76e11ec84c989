package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.concurrent.TimeoutException;

/**
 * A read its tier did not answer within the budget: the caller falls back, but the read goes on,
 * and {@link #pending} lets a cache keep its answer when it comes (during a congestion, the next
 * lookup of the same person is then answered at once instead of waiting the budget again).
 */
final class LateRead extends TimeoutException {
  private final transient Future<?> pending;

  LateRead(long budgetMillis, Future<?> pending) {
    super("no answer within " + budgetMillis + " ms");
    this.pending = pending;
  }

  @SuppressWarnings("unchecked")
  <T> Future<T> pending() {
    return (Future<T>) pending;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // an expected outcome under load: no stack to collect
  }
}
