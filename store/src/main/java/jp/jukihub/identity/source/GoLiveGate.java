package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.Optional;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.register.GoLive;

/** Before the My Number go-live no My Number resolves: no tier is asked. */
final class GoLiveGate implements IdentitySource {
  private final GoLive goLive;
  private final Clock clock;
  private final IdentitySource next;

  GoLiveGate(GoLive goLive, Clock clock, IdentitySource next) {
    this.goLive = goLive;
    this.clock = clock;
    this.next = next;
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    if (key.kind() == IdentityKey.Kind.MY_NUMBER && !goLive.numbersVisible(clock.instant())) {
      return Future.succeededFuture(Optional.empty());
    }
    return next.find(key, reach);
  }
}
