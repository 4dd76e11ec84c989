package jp.jukihub.identity.source;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import jp.jukihub.identity.IdentityChange;
import jp.jukihub.identity.TierReader;
import jp.jukihub.register.GoLive;

/**
 * The tiered reads, each link a small {@link IdentitySource} that wraps the next (Boulder's {@code
 * Source} chain), built once here so the order reads in one place:
 *
 * <pre>
 * find:    meters → deadline → go-live gate → caller's own tier (prefecture behind its cache, municipal direct)
 *            → prefecture fallback → national cache → national breaker → national budget → national
 * search:  meters → deadline → caller's own tier → search merge (fallback) → breaker → budget → national
 * changes: changes cache → the tier that found the person
 * </pre>
 *
 * The fallback wraps the national cache, so a cached national answer serves while the tier is down,
 * and fallback answers are never cached; the breaker wraps the budget, so late reads count as
 * failures. Meters: {@code hub.store.lookups} (timer by {@code tier}, {@code result}), {@code
 * hub.identity.fallbacks} (counter by {@code reason}: slow, failed, open) and {@code
 * hub.identity.national.breaker} (gauge: 0 closed, 0.5 half-open, 1 open).
 */
public final class IdentityChain {
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

  private final IdentitySource finds;
  private final CandidateSource searches;
  private final ChangeSource changes;

  public IdentityChain(
      Tiers tiers, NationalLimits limits, GoLive goLive, Clock clock, MeterRegistry registry) {
    // Lookups by number and 4-info searches each have a breaker: searches cost the tier more, and
    // a run of slow ones must not send every lookup to the prefectures.
    TierSource nationalForFinds = nationalBehindBreaker(tiers, limits, clock, registry, "lookups");
    TierSource national = nationalBehindBreaker(tiers, limits, clock, registry, "searches");
    TierDatabase prefecture = new TierDatabase(tiers.prefecture(), ServedBy.PREFECTURE);
    TierDatabase municipal = TierDatabase.of(tiers.municipal(), ServedBy.MUNICIPAL);
    FallbackCounters fallbacks = new FallbackCounters(registry);
    LookupTimers timers = new LookupTimers(registry);
    List<TierDatabase> everyPrefecture =
        tiers.everyPrefecture().stream()
            .map(reader -> TierDatabase.of(reader, ServedBy.PREFECTURE_FALLBACK))
            .toList();

    this.finds =
        new TimedFinds(
            timers,
            ReadDeadline.finds(
                new GoLiveGate(
                    goLive,
                    clock,
                    new OwnTierFirst(
                        new CachedTier(tiers.prefectureCache(), ServedBy.PREFECTURE, prefecture),
                        municipal,
                        new PrefectureFallback(
                            new CachedTier(
                                tiers.nationalCache(), ServedBy.NATIONAL, nationalForFinds),
                            List.copyOf(everyPrefecture),
                            fallbacks)))));
    this.searches =
        new TimedSearches(
            timers,
            ReadDeadline.searches(
                new OwnTierSearch(
                    prefecture,
                    municipal,
                    new PrefectureSearchFallback(
                        national, List.copyOf(everyPrefecture), fallbacks))));
    this.changes =
        new CachedChanges(
            tiers.changes(),
            new TierChanges(tiers.national(), tiers.prefecture(), tiers.municipal()));
  }

  /** The national tier within its budget, behind a breaker of its own for {@code reads}. */
  private static TierSource nationalBehindBreaker(
      Tiers tiers, NationalLimits limits, Clock clock, MeterRegistry registry, String reads) {
    CircuitBreaker breaker = new CircuitBreaker(limits.failuresToOpen(), limits.openFor(), clock);
    Gauge.builder("hub.identity.national.breaker", breaker, CircuitBreaker::level)
        .description(
            "The national tier's breaker, by reads (lookups, searches): 0 closed, 0.5 half-open"
                + " (one probe read), 1 open (reads go to the prefecture tiers without asking it)")
        .tag("reads", reads)
        .strongReference(true)
        .register(registry);
    return new NationalBreaker(
        breaker,
        new NationalBudget(limits.budget(), TierDatabase.of(tiers.national(), ServedBy.NATIONAL)));
  }

  /** Finds a person by My Number or resident code. */
  public IdentitySource finds() {
    return finds;
  }

  /** Searches by the 4 info. */
  public CandidateSource searches() {
    return searches;
  }

  /** A found person's changes. */
  public ChangeSource changes() {
    return changes;
  }
}
