package jp.jukihub.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukihub.identity.IdentityReader;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.identity.IdentitySource;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;
import jp.jukihub.tiers.IdentityInvalidations.Invalidation;

/**
 * A read-through cache of identity records in front of a tier, bounded in size, emptied of a
 * person as soon as a tier says the person changed (LISTEN/NOTIFY, see {@code
 * IdentityInvalidations}), and of everything after a reconnect or a repair. Keys hold the lookup
 * key, so a changed (leaked) My Number stops resolving when its person's entries go.
 *
 * <p>Unknown keys are cached too, which narrows the time difference between unknown and known
 * numbers; since a new person might be behind any of them, every change to the national tier
 * drops the unknowns, so the difference is narrowed, not closed.
 */
public final class IdentityCache implements IdentitySource {
  private final IdentitySource tier;
  private final Cache<String, IdentityRecord> known;
  private final Cache<String, Boolean> unknown;
  private final Map<Long, Set<String>> keysByPerson = new ConcurrentHashMap<>();
  /** Moves on every invalidation: a read that started before one must not be cached after it. */
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

  public IdentityCache(IdentitySource tier, long maxEntries, Duration ttl, MeterRegistry registry) {
    this.tier = tier;
    this.known =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfterWrite(ttl)
            .recordStats()
            // Run the listener at once, in the thread that removed the entry, so it cannot act on
            // an index a later read has already rebuilt.
            .executor(Runnable::run)
            .<String, IdentityRecord>removalListener(this::removed)
            .build();
    this.unknown = Caffeine.newBuilder().maximumSize(Math.max(1, maxEntries / 10)).expireAfterWrite(ttl).build();
    CaffeineCacheMetrics.monitor(registry, known, "identity");
  }

  /** Keeps the person index in step: a key leaves it only if no entry of that person holds it now. */
  private void removed(String key, IdentityRecord record, com.github.benmanes.caffeine.cache.RemovalCause cause) {
    if (key == null || record == null || cause == com.github.benmanes.caffeine.cache.RemovalCause.REPLACED) {
      return;
    }
    keysByPerson.computeIfPresent(record.personId(), (person, keys) -> {
      IdentityRecord now = known.getIfPresent(key);
      if (now == null || now.personId() != person) {
        keys.remove(key);
      }
      return keys.isEmpty() ? null : keys;
    });
  }

  /** Drops what a tier has changed; wired to the invalidation listener. */
  public void invalidate(Invalidation invalidation) {
    if (!invalidation.everything() && !invalidation.tier().equals("national")) {
      return; // this cache reads the national tier only
    }
    generation.incrementAndGet();
    if (invalidation.everything()) {
      known.invalidateAll();
      unknown.invalidateAll();
      return;
    }
    for (long person : invalidation.personIds()) {
      Set<String> keys = keysByPerson.remove(person);
      if (keys != null) {
        known.invalidateAll(keys);
      }
    }
    unknown.invalidateAll();
  }

  @Override
  public Future<Optional<IdentityRecord>> byMyNumber(MyNumber number) {
    if (!tier.numbersLive()) {
      return tier.byMyNumber(number); // before go-live nothing resolves: nothing to remember
    }
    return cached("m:" + number.value(), () -> tier.byMyNumber(number));
  }

  @Override
  public Future<Optional<IdentityRecord>> byResidentCode(ResidentCode code) {
    return cached("r:" + code.value(), () -> tier.byResidentCode(code));
  }

  @Override
  public Future<List<IdentityReader.IdentityChange>> changes(long personId) {
    return tier.changes(personId);
  }

  @Override
  public boolean numbersLive() {
    return tier.numbersLive();
  }

  private Future<Optional<IdentityRecord>> cached(String key, java.util.function.Supplier<Future<Optional<IdentityRecord>>> load) {
    IdentityRecord hit = known.getIfPresent(key);
    if (hit != null) {
      return Future.succeededFuture(Optional.of(hit));
    }
    if (unknown.getIfPresent(key) != null) {
      return Future.succeededFuture(Optional.empty());
    }
    long started = generation.get();
    return load.get().onSuccess(found -> {
      if (generation.get() != started) {
        return; // a change arrived while reading: this answer may already be stale
      }
      if (found.isPresent()) {
        keysByPerson.computeIfAbsent(found.get().personId(), person -> ConcurrentHashMap.newKeySet()).add(key);
        known.put(key, found.get());
      } else {
        unknown.put(key, Boolean.TRUE);
      }
      if (generation.get() != started) {
        // A change slipped in between the check and the put: take the entry back out.
        known.invalidate(key);
        unknown.invalidate(key);
      }
    });
  }
}
