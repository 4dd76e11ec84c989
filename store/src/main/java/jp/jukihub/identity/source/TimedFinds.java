package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.Optional;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.identity.source.LookupTimers.Result;

/** Times every find, by the tier that answered and what it came to ({@link LookupTimers}). */
final class TimedFinds implements IdentitySource {
  private final LookupTimers timers;
  private final IdentitySource next;

  TimedFinds(LookupTimers timers, IdentitySource next) {
    this.timers = timers;
    this.next = next;
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    long started = System.nanoTime();
    return next.find(key, reach)
        .andThen(
            done -> {
              if (done.failed()) {
                timers.record(started, null, Result.FAILED);
              } else if (done.result().isPresent()) {
                timers.record(started, done.result().get().servedBy(), Result.FOUND);
              } else {
                timers.record(started, null, Result.ABSENT);
              }
            });
  }
}
