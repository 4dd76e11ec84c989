package jp.jukihub.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityChange;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.identity.TierReader;
import jp.jukihub.register.GoLive;

/**
 * Decides which tier answers a lookup, as Juki-net does: national bodies read the national tier; a
 * prefecture reads its own server for its residents and the national tier for others; a
 * municipality reads its own resident records for its residents and the national tier for others.
 * When the national tier fails or has not answered within its budget, the lookup asks the
 * prefecture tiers instead (the remedy for the national centre's congestion at the 2003 go-live),
 * and the answer says so.
 */
public final class IdentityRouter {
  /** What a lookup's read came to, as {@code hub.store.lookups} tags it. */
  private enum Result {
    FOUND,
    ABSENT,
    FAILED
  }

  private static final String NONE = "none";

  /** Which tier answered, as {@code servedBy} says. */
  public enum ServedBy {
    NATIONAL("national"),
    PREFECTURE("prefecture"),
    MUNICIPAL("municipal"),
    PREFECTURE_FALLBACK("prefecture-fallback");

    private final String label;

    ServedBy(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A person as a tier holds them, and which tier that was. */
  public record Found(IdentityRecord record, ServedBy servedBy) {}

  /** The persons a search found (in person-id order), and which tier searched. */
  public record Candidates(List<IdentityRecord> records, ServedBy servedBy) {}

  /** Which tier's view a search reads (a scope within the caller's own tier reads that tier). */
  public enum SearchIn {
    OWN_TIER,
    NATIONAL
  }

  private final Tiers tiers;
  private final Duration nationalBudget;
  private final GoLive goLive;
  private final Clock clock;
  private final MeterRegistry registry;

  /**
   * By the tier that answered (the last: none did) and result, each registered at its first use;
   * small-int keys, no string built per lookup.
   */
  private final java.util.concurrent.ConcurrentHashMap<Integer, Timer> timers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Counter slow;
  private final Counter failed;

  /**
   * The readers of each tier: the national tier and a prefecture's own residents behind their
   * caches, a municipality's open records direct (municipal writes send no change notice, so a
   * cached copy could not be dropped in time), and each prefecture database for the fallback.
   */
  public record Tiers(
      TierReader national,
      IdentityCache nationalCache,
      Function<String, TierReader> prefecture,
      IdentityCache prefectureCache,
      TierReader municipal,
      List<TierReader> everyPrefecture,
      Cache<String, List<IdentityChange>> changes) {}

  public IdentityRouter(
      Tiers tiers, Duration nationalBudget, GoLive goLive, Clock clock, MeterRegistry registry) {
    this.tiers = tiers;
    this.nationalBudget = nationalBudget;
    this.goLive = goLive;
    this.clock = clock;
    this.registry = registry;
    slow = fallbacks(registry, "slow");
    failed = fallbacks(registry, "failed");
  }

  private static Counter fallbacks(MeterRegistry registry, String reason) {
    return Counter.builder("hub.identity.fallbacks")
        .description(
            "Lookups the prefecture tiers answered because the national tier was slow or failed")
        .tag("reason", reason)
        .register(registry);
  }

  /** Whether My Numbers are in force now: before go-live none resolves, and answers carry none. */
  public boolean numbersLive() {
    return goLive.numbersVisible(clock.instant());
  }

  /** The person {@code key} names, read from the tier {@code caller} reads. */
  public Future<Optional<Found>> find(Body caller, IdentityKey key) {
    long started = System.nanoTime();
    return route(caller, key)
        .andThen(
            done ->
                timed(
                    started,
                    done.succeeded() ? done.result().map(Found::servedBy).orElse(null) : null,
                    done.failed()
                        ? Result.FAILED
                        : done.result().isPresent() ? Result.FOUND : Result.ABSENT));
  }

  private Future<Optional<Found>> route(Body caller, IdentityKey key) {
    if (key.kind() == IdentityKey.Kind.MY_NUMBER && !numbersLive()) {
      return Future.succeededFuture(Optional.empty());
    }
    Optional<String> area = ownArea(caller);
    if (area.isEmpty()) {
      return national(key);
    }
    Future<Optional<IdentityRecord>> own =
        caller.kind() == BodyKind.PREFECTURE
            ? tiers
                .prefectureCache()
                .get(
                    area.get() + key.cacheKey(),
                    () -> tiers.prefecture().apply(area.get()).find(key, area.get()))
            : tiers.municipal().find(key, area.get());
    ServedBy tier = caller.kind() == BodyKind.PREFECTURE ? ServedBy.PREFECTURE : ServedBy.MUNICIPAL;
    // The caller's own tier failing is no reason to fail the lookup: the national tier holds
    // everyone.
    return own.recover(cause -> Future.succeededFuture(Optional.empty()))
        .compose(
            found ->
                found.isPresent()
                    ? Future.succeededFuture(served(found.get(), tier))
                    : national(key));
  }

  /** At most {@code limit} persons matching {@code query}. */
  public Future<Candidates> search(Body caller, FourInfoQuery query, SearchIn where, int limit) {
    long started = System.nanoTime();
    return searchIn(caller, query, where, limit)
        .andThen(
            done ->
                timed(
                    started,
                    done.succeeded() ? done.result().servedBy() : null,
                    done.failed()
                        ? Result.FAILED
                        : done.result().records().isEmpty() ? Result.ABSENT : Result.FOUND));
  }

  private Future<Candidates> searchIn(Body caller, FourInfoQuery query, SearchIn where, int limit) {
    Optional<String> area = ownArea(caller);
    if (where == SearchIn.OWN_TIER && area.isPresent()) {
      boolean prefecture = caller.kind() == BodyKind.PREFECTURE;
      TierReader reader = prefecture ? tiers.prefecture().apply(area.get()) : tiers.municipal();
      ServedBy tier = prefecture ? ServedBy.PREFECTURE : ServedBy.MUNICIPAL;
      return reader.search(query, area.get(), limit).map(found -> new Candidates(found, tier));
    }
    return withinBudget(tiers.national().search(query, null, limit))
        .map(found -> new Candidates(found, ServedBy.NATIONAL))
        .recover(
            cause -> {
              countFallback(cause);
              List<Future<List<IdentityRecord>>> searches = new ArrayList<>();
              tiers
                  .everyPrefecture()
                  .forEach(reader -> searches.add(reader.search(query, null, limit)));
              return Future.all(searches)
                  .map(
                      all -> {
                        // A person who just moved may be current in two prefectures until the move
                        // is shipped: keep the later.
                        java.util.Map<Long, IdentityRecord> latest = new java.util.TreeMap<>();
                        searches.forEach(
                            search ->
                                search
                                    .result()
                                    .forEach(
                                        record ->
                                            latest.merge(
                                                record.personId(),
                                                record,
                                                (a, b) -> a.version() >= b.version() ? a : b)));
                        List<IdentityRecord> merged = new ArrayList<>(latest.values());
                        return new Candidates(
                            merged.subList(0, Math.min(limit, merged.size())),
                            ServedBy.PREFECTURE_FALLBACK);
                      });
            });
  }

  /**
   * The person's changes up to the version found, from the tier that answered. A version's changes
   * never change, so they are cached by person and version without any invalidation.
   */
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
    List<IdentityChange> cached = tiers.changes().getIfPresent(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return read(found)
        .map(
            all -> {
              List<IdentityChange> upToVersion =
                  all.stream().filter(change -> change.version() <= record.version()).toList();
              tiers.changes().put(key, upToVersion);
              return upToVersion;
            });
  }

  private Future<List<IdentityChange>> read(Found found) {
    IdentityRecord record = found.record();
    return switch (found.servedBy()) {
      case NATIONAL -> tiers.national().changes(record.personId(), null);
      case PREFECTURE, PREFECTURE_FALLBACK -> {
        String prefecture = record.municipality().prefectureCode();
        yield tiers.prefecture().apply(prefecture).changes(record.personId(), prefecture);
      }
      case MUNICIPAL -> tiers.municipal().changes(record.personId(), record.municipality().value());
    };
  }

  /** The caller's own tier area: a prefecture's code or a municipality's code; none for others. */
  private static Optional<String> ownArea(Body caller) {
    return switch (caller.kind()) {
      case PREFECTURE -> caller.lgCode().map(lg -> lg.prefectureCode());
      case MUNICIPALITY -> caller.lgCode().map(lg -> lg.value());
      default -> Optional.empty();
    };
  }

  private Future<Optional<Found>> national(IdentityKey key) {
    return withinBudget(
            tiers.nationalCache().get(key.cacheKey(), () -> tiers.national().find(key, null)))
        .map(found -> found.map(record -> served(record, ServedBy.NATIONAL).get()))
        .recover(
            cause -> {
              countFallback(cause);
              return fallback(key);
            });
  }

  /**
   * Every prefecture database is asked; the person's current row wins over the moved-out rows that
   * former prefectures keep. A database that cannot answer makes "unknown" unprovable, so the
   * lookup then fails rather than answering not found.
   */
  private Future<Optional<Found>> fallback(IdentityKey key) {
    List<Future<Optional<IdentityRecord>>> reads = new ArrayList<>();
    tiers.everyPrefecture().forEach(reader -> reads.add(reader.find(key, null)));
    return Future.join(reads)
        .transform(
            done -> {
              Optional<IdentityRecord> latest =
                  reads.stream()
                      .filter(Future::succeeded)
                      .flatMap(read -> read.result().stream())
                      .max(Comparator.comparingInt(IdentityRecord::version));
              if (latest.isPresent() && !latest.get().status().equals("moved_out")) {
                return Future.succeededFuture(served(latest.get(), ServedBy.PREFECTURE_FALLBACK));
              }
              if (latest.isPresent()) {
                // Only a former prefecture's row holds this key: the person moved on (their current
                // row
                // may carry another number, this one retired since), or left the country. Without
                // the
                // national tier the hub cannot tell which, so it answers neither "found" nor
                // "unknown".
                return Future.failedFuture(
                    new HubException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "the national tier is unavailable and the prefecture tiers cannot tell whether this key is current"));
              }
              if (reads.stream().anyMatch(Future::failed)) {
                return Future.failedFuture(
                    new HubException(
                        ErrorCode.STORE_UNAVAILABLE,
                        "neither the national tier nor every prefecture tier answered"));
              }
              return Future.succeededFuture(Optional.empty());
            });
  }

  private <T> Future<T> withinBudget(Future<T> read) {
    return read.isComplete()
        ? read
        : read.timeout(nationalBudget.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void countFallback(Throwable cause) {
    (cause instanceof java.util.concurrent.TimeoutException ? slow : failed).increment();
  }

  private static Optional<Found> served(IdentityRecord record, ServedBy by) {
    return Optional.of(new Found(record, by));
  }

  /**
   * {@code hub.store.lookups}: how long a lookup's read took, by the tier that answered ({@code
   * null}: none) and result.
   */
  private void timed(long started, ServedBy tier, Result result) {
    int slot =
        (tier == null ? ServedBy.values().length : tier.ordinal()) * Result.values().length
            + result.ordinal();
    timers
        .computeIfAbsent(
            slot,
            ignored ->
                Timer.builder("hub.store.lookups")
                    .description(
                        "Identity reads of lookups, by the tier that answered (none when none did) and result")
                    .tags(
                        "tier",
                        tier == null ? NONE : tier.label(),
                        "result",
                        result.name().toLowerCase(java.util.Locale.ROOT))
                    .publishPercentileHistogram()
                    .register(registry))
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }
}
