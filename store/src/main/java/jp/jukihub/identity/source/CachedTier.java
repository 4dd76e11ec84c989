package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.Optional;
import jp.jukihub.identity.IdentityKey;

/**
 * Reads through an {@link IdentityCache}: a hit answers at once as the tier it caches; a miss asks
 * the next link, whose answer (found or not) the cache keeps. Keyed by the key, and by the area for
 * a scoped tier (a prefecture's residents).
 */
final class CachedTier implements IdentitySource {
  private final IdentityCache cache;
  private final ServedBy servedBy;
  private final IdentitySource next;

  CachedTier(IdentityCache cache, ServedBy servedBy, IdentitySource next) {
    this.cache = cache;
    this.servedBy = servedBy;
    this.next = next;
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    String cacheKey = reach.area() == null ? key.cacheKey() : reach.area() + key.cacheKey();
    return cache
        .get(
            cacheKey,
            () -> next.find(key, reach).map(found -> found.map(Found::record)),
            cause ->
                cause instanceof LateRead late
                    ? late.<Optional<Found>>pending().map(found -> found.map(Found::record))
                    : null)
        .map(found -> found.map(record -> new Found(record, servedBy)));
  }
}
