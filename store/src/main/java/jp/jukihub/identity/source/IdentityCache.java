package jp.jukihub.identity.source;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.tiers.IdentityInvalidations.Invalidation;

/**
 * A read-through cache of identity records in front of one tier, bounded in size, emptied of a
 * person as soon as a tier says the person changed (LISTEN/NOTIFY, see {@code
 * IdentityInvalidations}), and of everything after a reconnect or a repair. Keys hold the lookup
 * key, so a changed (leaked) My Number stops resolving when its person's entries go.
 *
 * <p>Unknown keys are cached too, which narrows the time difference between unknown and known
 * numbers; since a new person might be behind any of them, every change to the national tier drops
 * the unknowns, so the difference is narrowed, not closed.
 */
public final class IdentityCache {
  private final String tier;
  // Packed: a million records as records and strings weighed half again as much (PackedIdentity).
  private final Cache<String, PackedIdentity> known;
  private final Cache<String, Boolean> unknown;
  // Each person's keys: one String (nearly everyone: looked up by one number) or a String[]. Not a
  // Set per person: at a million entries a set's own tables weighed 250 bytes each
  // (`./hub bench memory`). Changed only inside the map's compute methods.
  private final Map<Long, Object> keysByPerson = new ConcurrentHashMap<>();

  /** Moves on every invalidation: a read that started before one must not be cached after it. */
  private final java.util.concurrent.atomic.AtomicLong generation =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * A cache of {@code tier}'s records ("national", "prefecture"), dropped by that tier's notices.
   */
  public IdentityCache(String tier, long maxEntries, Duration ttl, MeterRegistry registry) {
    this.tier = tier;
    this.known =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfterWrite(ttl)
            .recordStats()
            // Run the listener at once, in the thread that removed the entry, so it cannot act on
            // an index a later read has already rebuilt.
            .executor(Runnable::run)
            .<String, PackedIdentity>removalListener(this::removed)
            .build();
    this.unknown =
        Caffeine.newBuilder()
            .maximumSize(Math.max(1, maxEntries / 10))
            .expireAfterWrite(ttl)
            .build();
    CaffeineCacheMetrics.monitor(registry, known, "identity", "tier", tier);
  }

  /**
   * Keeps the person index in step: a key leaves it only if no entry of that person holds it now.
   */
  private void removed(
      String key, PackedIdentity record, com.github.benmanes.caffeine.cache.RemovalCause cause) {
    if (key == null
        || record == null
        || cause == com.github.benmanes.caffeine.cache.RemovalCause.REPLACED) {
      return;
    }
    keysByPerson.computeIfPresent(
        record.personId(),
        (person, keys) -> {
          PackedIdentity now =
              known.policy().getIfPresentQuietly(key); // quietly: not a lookup, so no hit or miss
          return now == null || now.personId() != person ? without(keys, key) : keys;
        });
  }

  /** Drops what a tier has changed; wired to the invalidation listener. */
  public void invalidate(Invalidation invalidation) {
    if (!invalidation.everything() && !invalidation.tier().equals(tier)) {
      return; // another tier's change: this tier's copy changes when its own notice comes
    }
    generation.incrementAndGet();
    if (invalidation.everything()) {
      // The index goes first and whole: the removal listener then finds nothing to do for each of
      // what may be a million entries, on the event loop that heard the notice.
      keysByPerson.clear();
      known.invalidateAll();
      unknown.invalidateAll();
      return;
    }
    for (long person : invalidation.personIds()) {
      Object keys = keysByPerson.remove(person);
      if (keys instanceof String key) {
        known.invalidate(key);
      } else if (keys != null) {
        known.invalidateAll(List.of((String[]) keys));
      }
    }
    unknown.invalidateAll();
  }

  /**
   * The record under {@code key}, from the cache or else from {@code load}, whose answer is kept
   * unless a change arrived while it was read. Known and unknown keys are both kept.
   */
  public Future<Optional<IdentityRecord>> get(
      String key, Supplier<Future<Optional<IdentityRecord>>> load) {
    return get(key, load, cause -> null);
  }

  /**
   * As {@link #get(String, Supplier)}; when the load fails, {@code late} may name the same read
   * still going on (a read past its budget), whose answer is then kept when it comes.
   */
  public Future<Optional<IdentityRecord>> get(
      String key,
      Supplier<Future<Optional<IdentityRecord>>> load,
      Function<Throwable, Future<Optional<IdentityRecord>>> late) {
    PackedIdentity hit = known.getIfPresent(key);
    if (hit != null) {
      return Future.succeededFuture(Optional.of(hit.unpack()));
    }
    if (unknown.getIfPresent(key) != null) {
      return Future.succeededFuture(Optional.empty());
    }
    long started = generation.get();
    return load.get()
        .onSuccess(found -> keep(key, found, started))
        .onFailure(
            cause -> {
              Future<Optional<IdentityRecord>> pending = late.apply(cause);
              if (pending != null) {
                pending.onSuccess(found -> keep(key, found, started));
              }
            });
  }

  /** Keeps what a read found, unless a change arrived while it was read. */
  private void keep(String key, Optional<IdentityRecord> found, long started) {
    if (generation.get() != started) {
      return; // a change arrived while reading: this answer may already be stale
    }
    if (found.isPresent()) {
      keysByPerson.compute(found.get().personId(), (person, keys) -> with(keys, key));
      known.put(key, PackedIdentity.of(found.get()));
    } else {
      unknown.put(key, Boolean.TRUE);
    }
    if (generation.get() != started) {
      // A change slipped in between the check and the put: take the entry back out.
      known.invalidate(key);
      unknown.invalidate(key);
    }
  }

  /** A person's keys with {@code key} among them. */
  private static Object with(Object keys, String key) {
    if (keys == null || keys.equals(key)) {
      return key;
    }
    if (keys instanceof String one) {
      return new String[] {one, key};
    }
    String[] several = (String[]) keys;
    if (Arrays.asList(several).contains(key)) {
      return several;
    }
    String[] more = Arrays.copyOf(several, several.length + 1);
    more[several.length] = key;
    return more;
  }

  /** A person's keys without {@code key}; null when none is left. */
  private static Object without(Object keys, String key) {
    if (keys instanceof String one) {
      return one.equals(key) ? null : one;
    }
    String[] left =
        Arrays.stream((String[]) keys).filter(other -> !other.equals(key)).toArray(String[]::new);
    return left.length == 0 ? null : left.length == 1 ? left[0] : left;
  }
}
