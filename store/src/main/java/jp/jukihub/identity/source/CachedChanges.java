package jp.jukihub.identity.source;

import com.github.benmanes.caffeine.cache.Cache;
import io.vertx.core.Future;
import java.util.List;
import jp.jukihub.identity.IdentityChange;
import jp.jukihub.identity.IdentityRecord;

/**
 * A version's changes never change, so they are cached by tier, person and version without any
 * invalidation: only size and age bound the cache.
 */
final class CachedChanges implements ChangeSource {
  private final Cache<String, List<IdentityChange>> cache;
  private final ChangeSource next;

  CachedChanges(Cache<String, List<IdentityChange>> cache, ChangeSource next) {
    this.cache = cache;
    this.next = next;
  }

  @Override
  public Future<List<IdentityChange>> changes(Found found) {
    IdentityRecord record = found.record();
    String key =
        found.servedBy().label()
            + ':'
            + record.municipality().value()
            + ':'
            + record.personId()
            + ':'
            + record.version();
    List<IdentityChange> cached = cache.getIfPresent(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return next.changes(found).onSuccess(changes -> cache.put(key, changes));
  }
}
