package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.identity.IdentityKey;

/**
 * When the national tier fails, is late, or its breaker is open, every prefecture database is asked
 * instead (each a source answering as {@code prefecture-fallback}) (the remedy for the national
 * centre's congestion at the 2003 go-live), and the answer says so. The person's current row wins
 * over the moved-out rows that former prefectures keep. A database that cannot answer makes
 * "unknown" unprovable, so the lookup then fails rather than answering not found.
 */
final class PrefectureFallback implements IdentitySource {
  private final IdentitySource national;
  private final List<IdentitySource> everyPrefecture;
  private final FallbackCounters fallbacks;

  PrefectureFallback(
      IdentitySource national, List<IdentitySource> everyPrefecture, FallbackCounters fallbacks) {
    this.national = national;
    this.everyPrefecture = List.copyOf(everyPrefecture);
    this.fallbacks = fallbacks;
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    return national
        .find(key, reach)
        .recover(
            cause -> {
              fallbacks.count(cause);
              Future<Optional<Found>> fallback = fallback(key);
              // A national read that was only late is still coming: when the prefectures cannot
              // answer (one of their servers is down), its answer, within the lookup's deadline,
              // is better than a 503. A stopped prefecture server answered 503 to its residents
              // whenever the national tier was a little slow (ClusterIT).
              return cause instanceof LateRead late
                  ? fallback.recover(failed -> late.<Optional<Found>>pending())
                  : fallback;
            });
  }

  private Future<Optional<Found>> fallback(IdentityKey key) {
    List<Future<Optional<Found>>> reads = new ArrayList<>(everyPrefecture.size());
    everyPrefecture.forEach(prefecture -> reads.add(prefecture.find(key, Reach.NONE)));
    return Future.join(reads).transform(done -> latest(reads));
  }

  private static Future<Optional<Found>> latest(List<Future<Optional<Found>>> reads) {
    Found latest = null;
    boolean anyFailed = false;
    for (Future<Optional<Found>> read : reads) {
      if (read.failed()) {
        anyFailed = true;
      } else if (read.result().isPresent()
          && (latest == null
              || read.result().get().record().version() > latest.record().version())) {
        latest = read.result().get();
      }
    }
    if (latest != null && !latest.record().status().equals("moved_out")) {
      return Future.succeededFuture(Optional.of(latest));
    }
    if (latest != null) {
      // Only a former prefecture's row holds this key: the person moved on (their current row may
      // carry another number, this one retired since), or left the country. Without the national
      // tier the hub cannot tell which, so it answers neither "found" nor "unknown".
      return Future.failedFuture(
          new HubException(
              ErrorCode.STORE_UNAVAILABLE,
              "the national tier is unavailable and the prefecture tiers cannot tell whether this"
                  + " key is current"));
    }
    if (anyFailed) {
      return Future.failedFuture(
          new HubException(
              ErrorCode.STORE_UNAVAILABLE,
              "neither the national tier nor every prefecture tier answered"));
    }
    return Future.succeededFuture(Optional.empty());
  }
}
