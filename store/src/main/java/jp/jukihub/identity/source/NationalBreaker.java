package jp.jukihub.identity.source;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.Optional;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityKey;

/**
 * Puts the national tier behind its {@link CircuitBreaker}: while open, a read fails at once with
 * {@link BreakerOpenException} (and the fallback answers) instead of waiting out the budget again;
 * every read that does go through tells the breaker how it went, timeouts included.
 */
final class NationalBreaker implements TierSource {
  private final CircuitBreaker breaker;
  private final TierSource next;
  // Made once: a method reference per read would be an allocation per read.
  private final Handler<AsyncResult<Optional<Found>>> foundOutcome = this::outcome;
  private final Handler<AsyncResult<Candidates>> searchOutcome = this::outcome;

  NationalBreaker(CircuitBreaker breaker, TierSource next) {
    this.breaker = breaker;
    this.next = next;
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    if (!breaker.allows()) {
      return Future.failedFuture(BreakerOpenException.INSTANCE);
    }
    return next.find(key, reach).andThen(foundOutcome);
  }

  @Override
  public Future<Candidates> search(FourInfoQuery query, Reach reach, int limit) {
    if (!breaker.allows()) {
      return Future.failedFuture(BreakerOpenException.INSTANCE);
    }
    return next.search(query, reach, limit).andThen(searchOutcome);
  }

  private void outcome(AsyncResult<?> done) {
    if (done.succeeded()) {
      breaker.succeeded();
    } else {
      breaker.failed();
    }
  }
}
