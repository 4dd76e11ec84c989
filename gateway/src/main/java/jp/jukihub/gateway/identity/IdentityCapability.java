package jp.jukihub.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.http.ApiRoutes;
import jp.jukihub.gateway.http.AuditedRoute;
import jp.jukihub.gateway.http.Capability;
import jp.jukihub.gateway.http.HubContext;
import jp.jukihub.gateway.input.JsonBodyStage;
import jp.jukihub.gateway.law.LawDenials;
import jp.jukihub.gateway.law.LawTable;
import jp.jukihub.identity.IdentityChange;
import jp.jukihub.identity.TierReader;
import jp.jukihub.identity.TierView;
import jp.jukihub.identity.source.IdentityCache;
import jp.jukihub.identity.source.IdentityChain;
import jp.jukihub.identity.source.NationalLimits;
import jp.jukihub.register.GoLive;
import jp.jukihub.tiers.TierPools;

/**
 * Identity lookups (本人確認情報の提供): {@code POST /v1/identity/lookup} and its NDJSON batch, decided by
 * the Juki-net law table, read through the tiers with their caches.
 */
public final class IdentityCapability implements Capability {
  private final LawTable law;
  private final IdentityResource identity;
  private final LawDenials denials;

  public IdentityCapability(HubContext hub, LawTable law) {
    this.law = law;
    this.denials = new LawDenials(law, hub.registry());
    HubOptions options = hub.options();
    LookupAnswers answers =
        new LookupAnswers(
            options.limits().cacheMaxEntries(),
            Duration.ofSeconds(options.limits().cacheTtlSeconds()),
            hub.registry());
    this.identity = new IdentityResource(law, router(hub), hub.catalog(), hub.clock(), answers);
  }

  @Override
  public List<LawfulUses<?>> lawfulUses() {
    return List.of(law);
  }

  @Override
  public void declareRoutes(ApiRoutes api) {
    AuditedRoute.Outcomes lawRefusals = (notes, in, code) -> denials.answered(code, notes.affair());
    // The batch streams its lines: each is authorised by the law table as a single lookup is.
    api.route(HttpMethod.POST, "/v1/identity/lookup:batch", "identity.lookup-batch", "identity")
        .authorisedPerItem()
        .outcomes(lawRefusals)
        .batch(IdentityResource.FIELDS, identity::lookupLine);
    api.route(HttpMethod.POST, "/v1/identity/lookup", "identity.lookup", "identity")
        .stage(new JsonBodyStage(IdentityResource.FIELDS))
        .authorisedBy(
            request -> identity.authorise(request.notebook(), JsonBodyStage.input(request)))
        .outcomes(lawRefusals)
        .auditedAnswer(identity::lookup);
  }

  /** The law table the lookups are decided by. */
  public LawTable law() {
    return law;
  }

  /**
   * Lookups read the tier their caller reads (see {@link IdentityRouter}) through the store's chain
   * of reads ({@link IdentityChain}); the national tier and the prefectures' own residents through
   * caches emptied by the tiers' change notices, the national tier behind its budget and breaker.
   */
  private static IdentityRouter router(HubContext hub) {
    HubOptions options = hub.options();
    TierPools pools = hub.pools().tiers(DatabaseRole.READER);
    MeterRegistry registry = hub.registry();
    Duration ttl = Duration.ofSeconds(options.limits().cacheTtlSeconds());
    int maxEntries = options.limits().cacheMaxEntries();
    IdentityCache national = new IdentityCache("national", maxEntries, ttl, registry);
    IdentityCache prefecture =
        new IdentityCache("prefecture", Math.max(1, maxEntries / 4), ttl, registry);
    hub.invalidations().onInvalidation(national::invalidate);
    hub.invalidations().onInvalidation(prefecture::invalidate);
    Map<String, TierReader> prefectures = new ConcurrentHashMap<>();
    IdentityChain.Tiers tiers =
        new IdentityChain.Tiers(
            new TierReader(pools.national(), TierView.NATIONAL),
            national,
            code ->
                prefectures.computeIfAbsent(
                    code, c -> new TierReader(pools.prefecture(c), TierView.PREFECTURE)),
            prefecture,
            new TierReader(pools.municipal(), TierView.MUNICIPAL),
            pools.prefectureGroups().stream()
                .map(group -> new TierReader(group, TierView.ANY_PREFECTURE))
                .toList(),
            changesCache(Math.max(1, maxEntries / 2), ttl, registry));
    NationalLimits limits =
        new NationalLimits(
            Duration.ofMillis(options.tiers().nationalBudgetMillis()),
            options.tiers().nationalBreakerFailures(),
            Duration.ofMillis(options.tiers().nationalBreakerOpenMillis()));
    GoLive goLive = options.register().goLive();
    return new IdentityRouter(
        new IdentityChain(tiers, limits, goLive, hub.clock(), registry), goLive, hub.clock());
  }

  /** A person's changes by version: immutable, so only size and age bound them. */
  private static Cache<String, List<IdentityChange>> changesCache(
      int maxEntries, Duration ttl, MeterRegistry registry) {
    Cache<String, List<IdentityChange>> cache =
        Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).recordStats().build();
    CaffeineCacheMetrics.monitor(registry, cache, "identity-changes");
    return cache;
  }
}
