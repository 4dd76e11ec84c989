package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityKey;

/**
 * Fails a read its tier has not answered within the budget (a {@link
 * java.util.concurrent.TimeoutException}), so the fallback can answer while the tier is congested.
 */
final class NationalBudget implements TierSource {
  private final long budgetMillis;
  private final TierSource next;

  NationalBudget(Duration budget, TierSource next) {
    this.budgetMillis = budget.toMillis();
    this.next = next;
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    return within(next.find(key, reach));
  }

  @Override
  public Future<Candidates> search(FourInfoQuery query, Reach reach, int limit) {
    return within(next.search(query, reach, limit));
  }

  private <T> Future<T> within(Future<T> read) {
    // An answer already there needs no timer.
    if (read.isComplete()) {
      return read;
    }
    return read.timeout(budgetMillis, TimeUnit.MILLISECONDS)
        .recover(
            cause ->
                cause instanceof java.util.concurrent.TimeoutException && !read.isComplete()
                    ? Future.failedFuture(new LateRead(budgetMillis, read))
                    : Future.failedFuture(cause));
  }
}
