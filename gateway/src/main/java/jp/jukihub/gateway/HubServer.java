package jp.jukihub.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.audit.AuditSigningKey;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.audit.DurableAuditTrail;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.SchemaMigrations;
import jp.jukihub.database.StorePool;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.firewall.Firewall;
import jp.jukihub.gateway.http.ApiServices;
import jp.jukihub.gateway.http.ApiVerticle;
import jp.jukihub.gateway.identity.IdentityCache;
import jp.jukihub.gateway.identity.IdentityRouter;
import jp.jukihub.gateway.jpki.Jpki;
import jp.jukihub.gateway.jpki.JpkiAuthority;
import jp.jukihub.gateway.law.LawTable;
import jp.jukihub.gateway.limits.RateLimits;
import jp.jukihub.gateway.ops.HealthCheck;
import jp.jukihub.gateway.ops.HubMetrics;
import jp.jukihub.gateway.ops.OpsVerticle;
import jp.jukihub.gateway.ops.RuleFilesCheck;
import jp.jukihub.gateway.tls.MutualTls;
import jp.jukihub.identity.IdentityChange;
import jp.jukihub.identity.TierReader;
import jp.jukihub.identity.TierView;
import jp.jukihub.jlis.JlisIssuer;
import jp.jukihub.jlis.MyNumberGenerator;
import jp.jukihub.keys.KeyFile;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.register.IdempotencyExpiry;
import jp.jukihub.register.PgResidentRecords;
import jp.jukihub.register.PgResidentRegister;
import jp.jukihub.register.RegisterView;
import jp.jukihub.tiers.IdentityInvalidations;
import jp.jukihub.tiers.TierPools;
import jp.jukihub.tiers.TierShipper;
import jp.jukihub.tiers.TierTopology;

/**
 * A running hub: Vert.x with metrics, the store pool, the audit trail, the API verticles (one per
 * configured instance, sharing one port; mutual TLS unless in development identity) and the ops
 * verticle. Started from a plain thread; blocks until both ports listen.
 */
public final class HubServer implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final java.time.Duration IDEMPOTENCY_KEPT = java.time.Duration.ofHours(24);
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HubServer.class);

  private final Vertx vertx;
  private final HubMetrics metrics;
  private final StorePool pool;
  private final TierPools tiers;
  private final TierShipper shipper;
  private final IdentityInvalidations invalidations;
  private final AuditTrail trail;
  private final Jpki jpki;
  private final List<String> apiRoutes;
  private final int apiPort;
  private final int opsPort;

  /** Opens the audit trail the hub writes through; the benchmark swaps in a no-op one. */
  public interface AuditTrailFactory {
    AuditTrail open(HubOptions options, DatabaseTarget database, MeterRegistry registry);
  }

  /** The real trail: group commit into PostgreSQL, signed with the hub's audit key. */
  public static final AuditTrailFactory DURABLE_AUDIT =
      (options, database, registry) ->
          DurableAuditTrail.start(
              database,
              options.audit().settings(options.instance()),
              AuditSigningKey.loadOrCreate(options.audit().signingKeyFile()),
              Clock.systemUTC(),
              registry);

  private HubServer(
      Vertx vertx,
      HubMetrics metrics,
      StorePool pool,
      Tiers running,
      AuditTrail trail,
      Jpki jpki,
      List<String> apiRoutes,
      int apiPort,
      int opsPort) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.pool = pool;
    this.tiers = running.pools();
    this.shipper = running.shipper();
    this.invalidations = running.invalidations();
    this.trail = trail;
    this.jpki = jpki;
    this.apiRoutes = apiRoutes;
    this.apiPort = apiPort;
    this.opsPort = opsPort;
  }

  public static HubServer start(HubOptions options, DatabaseTarget database, boolean devIdentity) {
    return start(options, database, devIdentity, DURABLE_AUDIT);
  }

  public static HubServer start(
      HubOptions options, DatabaseTarget database, boolean devIdentity, AuditTrailFactory audit) {
    if (devIdentity && !options.http().isLoopback()) {
      throw new ConfigException(
          "--dev-identity is allowed only while the API listens on loopback; http.host is "
              + options.http().host());
    }
    Clock clock = Clock.systemUTC();
    // Production proves callers by mutual TLS; the CA and server certificate are made here, at
    // first
    // need, before anything else starts.
    Optional<MutualTls> tls =
        devIdentity
            ? Optional.empty()
            : Optional.of(MutualTls.prepare(options.tls(), options.http(), clock));
    tls.ifPresent(mutual -> log.info("API TLS: {}", mutual.describe()));
    BodyRegistry bodies = BodyRegistry.load(options.bodiesFile());
    LawTable lawTable = LawTable.load(options.lawTableFile(), bodies);
    // Before anything starts that would need closing: a broken CA key stops the start cleanly.
    Map<JpkiAuthority.Type, JpkiAuthority> jpkiAuthorities =
        Jpki.authorities(options.dataDirectory().resolve("keys"), clock);
    Instant lawTableLoadedAt = clock.instant();
    options.limits().perBody().keySet().stream()
        .filter(id -> bodies.find(id).isEmpty())
        .findFirst()
        .ifPresent(
            id -> {
              throw new ConfigException("limits.perBody names no registered body: '" + id + "'");
            });
    TierTopology topology = options.tiers().topology(database);
    // The hub's own database is migrated when it is opened; a tier on another server is migrated
    // here.
    topology.databases().stream()
        .filter(target -> !target.equals(database))
        .forEach(SchemaMigrations::apply);
    HubMetrics metrics = new HubMetrics(options.instance(), options.region());
    Vertx vertx =
        Vertx.builder()
            .with(new VertxOptions().setMetricsOptions(metrics.vertxMetricsOptions()))
            .withMetrics(metrics.vertxMetricsFactory())
            .build();
    StorePool pool = StorePool.open(vertx, database, options.database().poolSize(), "store");
    Tiers running = Tiers.start(vertx, options, topology, metrics.registry(), clock);
    AuditTrail trail;
    try {
      trail = audit.open(options, database, metrics.registry());
    } catch (RuntimeException e) {
      abandon(running, vertx, null, metrics);
      throw e;
    }
    MunicipalityCatalog catalog = MunicipalityCatalog.load();
    RegisterView view = new RegisterView(catalog, options.register().goLive(), clock);
    JlisIssuer jlis =
        new JlisIssuer(
            running.pools().national(),
            KeyFile.loadOrCreate(options.jlisNumberKeyFile(), MyNumberGenerator.KEY_BYTES));
    Firewall firewall;
    try {
      firewall =
          Firewall.start(
              vertx,
              options.firewallRulesFile(),
              bodies,
              metrics.registry(),
              options.firewallReloadMillis(),
              clock);
    } catch (RuntimeException e) {
      abandon(running, vertx, trail, metrics);
      throw e;
    }
    Jpki jpki;
    try {
      jpki =
          Jpki.start(
              vertx,
              jpkiAuthorities,
              options.jpki(),
              bodies,
              running.pools().national(),
              running.pools().municipal(),
              topology.national(),
              metrics.registry(),
              clock);
    } catch (RuntimeException e) {
      abandon(running, vertx, trail, metrics);
      throw e;
    }
    ApiServices services =
        new ApiServices(
            bodies,
            firewall,
            new RateLimits(
                options.limits().ratePerSecond(),
                options.limits().perBody(),
                System::nanoTime,
                metrics.registry()),
            trail,
            AuditDigest.loadOrCreate(options.audit().hashKeyFile()),
            new AuditReader(pool, running.pools().national()),
            new PgResidentRegister(
                running.pools().municipal(), jlis, view, options.register().codeBundleSize()),
            new PgResidentRecords(running.pools().municipal(), view),
            lawTable,
            identityRouter(options, running, clock, metrics.registry()),
            catalog,
            clock,
            options.maxBodyBytes(),
            jpki);
    List<HealthCheck> checks =
        List.of(
            databaseCheck(pool, running.pools()),
            auditCheck(trail),
            registryCheck(bodies),
            new RuleFilesCheck(firewall, lawTable, lawTableLoadedAt));
    try {
      OpsVerticle ops = new OpsVerticle(options.ops(), metrics, checks);
      await(vertx.deployVerticle(ops));
      // Vert.x shares one socket among servers with the same host and port; for "any free port"
      // (0, in tests) its shared form is a negative port.
      int port = options.http().port() == 0 ? -1 : options.http().port();
      List<ApiVerticle> apis = new ArrayList<>();
      List<Future<String>> deployed = new ArrayList<>();
      for (int i = 0; i < options.apiInstances(); i++) {
        ApiVerticle api =
            new ApiVerticle(options.http().host(), port, services, tls, metrics.registry());
        apis.add(api);
        deployed.add(vertx.deployVerticle(api));
      }
      await(Future.all(deployed));
      ApiVerticle first = apis.get(0);
      if (apis.stream().anyMatch(api -> api.actualPort() != first.actualPort())) {
        throw new IllegalStateException("the API instances did not share one port");
      }
      expireIdempotencyKeys(vertx, running.pools().municipal());
      return new HubServer(
          vertx,
          metrics,
          pool,
          running,
          trail,
          jpki,
          first.routes(),
          first.actualPort(),
          ops.actualPort());
    } catch (RuntimeException e) {
      jpki.close();
      abandon(running, vertx, trail, metrics);
      throw e;
    }
  }

  /**
   * Undoes a start that failed half-way, in the order {@link #close} uses; {@code trail} may not
   * exist yet.
   */
  private static void abandon(Tiers running, Vertx vertx, AuditTrail trail, HubMetrics metrics) {
    running.close();
    await(vertx.close());
    if (trail != null) {
      trail.close();
    }
    metrics.close();
  }

  /**
   * Lookups read the tier their caller reads (see {@link IdentityRouter}); the national tier and
   * the prefectures' own residents through caches emptied by the tiers' change notices.
   */
  private static IdentityRouter identityRouter(
      HubOptions options, Tiers running, Clock clock, MeterRegistry registry) {
    TierPools pools = running.pools();
    Duration ttl = Duration.ofSeconds(options.limits().cacheTtlSeconds());
    IdentityCache national =
        new IdentityCache("national", options.limits().cacheMaxEntries(), ttl, registry);
    IdentityCache prefecture =
        new IdentityCache(
            "prefecture", Math.max(1, options.limits().cacheMaxEntries() / 4), ttl, registry);
    running.invalidations().onInvalidation(national::invalidate);
    running.invalidations().onInvalidation(prefecture::invalidate);
    Map<String, TierReader> prefectures = new java.util.concurrent.ConcurrentHashMap<>();
    IdentityRouter.Tiers tiers =
        new IdentityRouter.Tiers(
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
            changesCache(options, ttl, registry));
    return new IdentityRouter(
        tiers,
        Duration.ofMillis(options.tiers().nationalBudgetMillis()),
        options.register().goLive(),
        clock,
        registry);
  }

  /** A person's changes by version: immutable, so only size and age bound them. */
  private static Cache<String, List<IdentityChange>> changesCache(
      HubOptions options, Duration ttl, MeterRegistry registry) {
    Cache<String, List<IdentityChange>> cache =
        Caffeine.newBuilder()
            .maximumSize(Math.max(1, options.limits().cacheMaxEntries() / 2))
            .expireAfterWrite(ttl)
            .recordStats()
            .build();
    CaffeineCacheMetrics.monitor(registry, cache, "identity-changes");
    return cache;
  }

  /** Every ten minutes, first answers older than a day go (see {@link IdempotencyExpiry}). */
  private static void expireIdempotencyKeys(Vertx vertx, StorePool municipal) {
    IdempotencyExpiry expiry = new IdempotencyExpiry(municipal, IDEMPOTENCY_KEPT);
    vertx.setPeriodic(
        TimeUnit.SECONDS.toMillis(5),
        TimeUnit.MINUTES.toMillis(10),
        timer ->
            expiry
                .purge()
                .onFailure(
                    e -> log.warn("cannot expire idempotency keys yet: {}", e.getMessage())));
  }

  /** Every pool answers; a failure names the pool (so the tier) that does not. */
  private static HealthCheck databaseCheck(StorePool pool, TierPools tiers) {
    List<StorePool> pools = new ArrayList<>(List.of(pool, tiers.municipal(), tiers.national()));
    pools.addAll(tiers.prefectureGroups());
    return HealthCheck.of(
        "database",
        () -> {
          List<Future<Void>> pings = new ArrayList<>();
          pools.forEach(
              each ->
                  pings.add(
                      each.ping()
                          .recover(e -> Future.failedFuture(each.name() + ": " + e.getMessage()))));
          return Future.join(pings)
              .<Void>mapEmpty()
              .recover(
                  e ->
                      Future.failedFuture(
                          pings.stream()
                              .filter(Future::failed)
                              .map(ping -> ping.cause().getMessage())
                              .collect(Collectors.joining("; "))));
        });
  }

  private static HealthCheck auditCheck(AuditTrail trail) {
    return HealthCheck.of(
        "audit-writer",
        () ->
            trail
                .unavailable()
                .<Future<Void>>map(Future::failedFuture)
                .orElse(Future.succeededFuture()));
  }

  private static HealthCheck registryCheck(BodyRegistry bodies) {
    return HealthCheck.of(
        "body-registry",
        () ->
            bodies.all().isEmpty()
                ? Future.failedFuture("the body registry is empty")
                : Future.succeededFuture());
  }

  public int apiPort() {
    return apiPort;
  }

  /** The API routes served, as "METHOD /path/{param}". */
  public List<String> apiRoutes() {
    return apiRoutes;
  }

  public int opsPort() {
    return opsPort;
  }

  @Override
  public void close() {
    // One after the other from the calling thread: a callback of vertx.close() would run on an
    // event loop that is already shutting down.
    // The listeners stop first, so no request is left waiting on a closed trail.
    // JPKI keeps its last usage counts while the pools are still open.
    jpki.close();
    new Tiers(tiers, shipper, invalidations).close();
    await(pool.close());
    await(vertx.close());
    trail.close();
    metrics.close();
  }

  /** Which persons' identity copies the tiers change, as they apply them (for caches). */
  public IdentityInvalidations invalidations() {
    return invalidations;
  }

  /**
   * The tiers a hub runs: their pools, the shipper (unless turned off) and the invalidation
   * listener.
   */
  private record Tiers(TierPools pools, TierShipper shipper, IdentityInvalidations invalidations) {
    static Tiers start(
        Vertx vertx,
        HubOptions options,
        TierTopology topology,
        MeterRegistry registry,
        Clock clock) {
      TierPools pools = TierPools.open(vertx, topology, options.database().poolSize());
      TierShipper shipper =
          options.tiers().ship()
              ? TierShipper.start(topology, options.tiers().shipper(), registry, clock)
              : null;
      return new Tiers(pools, shipper, IdentityInvalidations.start(vertx, topology, registry));
    }

    void close() {
      if (shipper != null) {
        shipper.close();
      }
      invalidations.close();
      await(pools.close());
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the hub did not start within " + START_TIMEOUT_SECONDS + " s", e);
    }
  }
}
