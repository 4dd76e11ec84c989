package jp.jukihub.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditSigningKey;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.audit.DurableAuditTrail;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.LiveNodes;
import jp.jukihub.gateway.audit.AuditCapability;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.gateway.firewall.Firewall;
import jp.jukihub.gateway.http.ApiServices;
import jp.jukihub.gateway.http.ApiVerticle;
import jp.jukihub.gateway.http.Capability;
import jp.jukihub.gateway.http.HubContext;
import jp.jukihub.gateway.http.RolePools;
import jp.jukihub.gateway.identity.IdentityCapability;
import jp.jukihub.gateway.jpki.Jpki;
import jp.jukihub.gateway.jpki.JpkiAuthority;
import jp.jukihub.gateway.jpki.JpkiCapability;
import jp.jukihub.gateway.law.LawTable;
import jp.jukihub.gateway.limits.BatchLimits;
import jp.jukihub.gateway.limits.ConnectionLimits;
import jp.jukihub.gateway.limits.RateLimits;
import jp.jukihub.gateway.ops.HealthCheck;
import jp.jukihub.gateway.ops.HubMetrics;
import jp.jukihub.gateway.ops.OpsVerticle;
import jp.jukihub.gateway.ops.RuleFilesCheck;
import jp.jukihub.gateway.portal.PortalCapability;
import jp.jukihub.gateway.portal.PortalVerticle;
import jp.jukihub.gateway.provision.DataStandard;
import jp.jukihub.gateway.provision.ExchangeTable;
import jp.jukihub.gateway.provision.ProvisionCapability;
import jp.jukihub.gateway.register.RegisterCapability;
import jp.jukihub.gateway.tls.MutualTls;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.tiers.IdentityInvalidations;
import jp.jukihub.tiers.TierShipper;
import jp.jukihub.tiers.TierTopology;

/**
 * A running hub: Vert.x with metrics, the pools of each job, the audit trail, the API verticles
 * (one per configured instance, sharing one port; mutual TLS unless in development identity) and
 * the ops verticle. Started from a plain thread; blocks until both ports listen.
 */
public final class HubServer implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HubServer.class);

  private final Vertx vertx;
  private final HubMetrics metrics;
  private final RolePools pools;
  private final TierShipper shipper;
  private final IdentityInvalidations invalidations;
  private final LiveNodes liveNodes;
  private final AuditTrail trail;
  private final List<Capability> capabilities;
  private final List<String> apiRoutes;
  private final int apiPort;
  private final int opsPort;
  private final int portalPort;
  private final List<String> portalRoutes;

  /** Opens the audit trail the hub writes through; the benchmark swaps in a no-op one. */
  public interface AuditTrailFactory {
    AuditTrail open(
        HubOptions options, DatabaseTarget database, MeterRegistry registry, Clock clock);
  }

  /**
   * The time a hub runs on: the wall clock every timestamp, expiry and validity reads, and the
   * monotonic ticks (nanoseconds) rate limits count in. Tests set their own, instead of sleeping.
   */
  public record Time(Clock clock, LongSupplier ticker) {
    public static final Time SYSTEM = new Time(Clock.systemUTC(), System::nanoTime);
  }

  /** The real trail: group commit into PostgreSQL, signed with the hub's audit key. */
  public static final AuditTrailFactory DURABLE_AUDIT =
      (options, database, registry, clock) ->
          DurableAuditTrail.start(
              database,
              options.audit().settings(options.instance()),
              AuditSigningKey.loadOrCreate(options.audit().signingKeyFile()),
              clock,
              registry,
              options.audit().witnessFile());

  private HubServer(
      Vertx vertx,
      HubMetrics metrics,
      RolePools pools,
      Tiers running,
      AuditTrail trail,
      List<Capability> capabilities,
      List<String> apiRoutes,
      int apiPort,
      int opsPort,
      int portalPort,
      List<String> portalRoutes) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.pools = pools;
    this.shipper = running.shipper();
    this.invalidations = running.invalidations();
    this.liveNodes = running.liveNodes();
    this.trail = trail;
    this.capabilities = capabilities;
    this.apiRoutes = apiRoutes;
    this.apiPort = apiPort;
    this.opsPort = opsPort;
    this.portalPort = portalPort;
    this.portalRoutes = portalRoutes;
  }

  public static HubServer start(HubOptions options, DatabaseTarget database, boolean devIdentity) {
    return start(options, database, devIdentity, DURABLE_AUDIT);
  }

  public static HubServer start(
      HubOptions options, DatabaseTarget database, boolean devIdentity, AuditTrailFactory audit) {
    return start(options, database, devIdentity, audit, Time.SYSTEM);
  }

  /** Starts a hub on {@code time}: the one clock and tick source everything in it reads. */
  public static HubServer start(
      HubOptions options,
      DatabaseTarget database,
      boolean devIdentity,
      AuditTrailFactory audit,
      Time time) {
    if (devIdentity) {
      refuseDevIdentityBeyondTheDemo(options);
    }
    Clock clock = time.clock();
    // Production proves callers by mutual TLS; the CA and server certificate are made here, at
    // first need, before anything else starts.
    Optional<MutualTls> tls =
        devIdentity
            ? Optional.empty()
            : Optional.of(MutualTls.prepare(options.tls(), options.http(), clock));
    tls.ifPresent(mutual -> log.info("API TLS: {}", mutual.describe()));
    BodyRegistry bodies = BodyRegistry.load(options.bodiesFile());
    LawTable lawTable = LawTable.load(options.lawTableFile(), bodies);
    // No route asks the table of lawful exchanges yet; a broken one still stops the start.
    DataStandard dataStandard = DataStandard.load();
    ExchangeTable exchanges = ExchangeTable.load(options.exchangeTableFile(), bodies, dataStandard);
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
    // The hub's own database is migrated when it is opened; a tier on another server is migrated
    // here, as its URL's user, and the hub's roles get their logins there too.
    TierTopology topology = options.tiers().prepared(database, options.database());
    HubMetrics metrics = new HubMetrics(options.instance(), options.region());
    Vertx vertx =
        Vertx.builder()
            .with(new VertxOptions().setMetricsOptions(metrics.vertxMetricsOptions()))
            .withMetrics(metrics.vertxMetricsFactory())
            .build();
    // A CRL the body CA publishes later is taken within a second, for requests on open
    // connections too.
    tls.ifPresent(mutual -> mutual.checks().watch(vertx));
    // Every pool and lane logs in as the least-privilege role of its job, never as the owner that
    // migrated the schema (the audit trail as its writer's role, chosen by the trail).
    RolePools pools = new RolePools(vertx, database, topology, options.database().poolSize());
    Tiers running = Tiers.start(vertx, options, pools, metrics.registry(), clock);
    AuditTrail trail;
    try {
      trail = audit.open(options, database, metrics.registry(), clock);
    } catch (RuntimeException e) {
      abandon(running, List.of(), vertx, null, metrics);
      throw e;
    }
    HubContext hub =
        new HubContext(
            vertx,
            options,
            clock,
            bodies,
            trail,
            AuditDigest.loadOrCreate(options.audit().hashKeyFile()),
            pools,
            metrics.registry(),
            running.invalidations(),
            MunicipalityCatalog.load());
    // Each capability builds its own services, meters and background work; one that fails to
    // start stops the start, and those made before it are closed.
    List<Capability> capabilities = new ArrayList<>();
    Optional<PortalCapability> portalCapability = Optional.empty();
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
      capabilities.add(new IdentityCapability(hub, lawTable));
      capabilities.add(new RegisterCapability(hub));
      capabilities.add(new AuditCapability(hub));
      JpkiCapability jpki = new JpkiCapability(hub, jpkiAuthorities);
      capabilities.add(jpki);
      ProvisionCapability provision = new ProvisionCapability(hub, exchanges, dataStandard);
      capabilities.add(provision);
      if (options.portal().enabled()) {
        List<LawfulUses<?>> tables = new ArrayList<>();
        capabilities.forEach(capability -> tables.addAll(capability.lawfulUses()));
        PortalCapability portal =
            new PortalCapability(
                hub,
                jpki.verification(),
                jpkiAuthorities.get(JpkiAuthority.Type.AUTH).certificate(),
                provision.networkKey(),
                provision.heldCopies(DatabaseRole.PORTAL),
                tables);
        capabilities.add(portal);
        portalCapability = Optional.of(portal);
      }
    } catch (RuntimeException e) {
      abandon(running, capabilities, vertx, trail, metrics);
      throw e;
    }
    ApiServices services =
        new ApiServices(
            bodies,
            firewall,
            new RateLimits(
                options.limits().ratePerSecond(),
                options.limits().perBody(),
                time.ticker(),
                metrics.registry(),
                running.liveNodes()::count),
            trail,
            hub.digest(),
            options.maxBodyBytes(),
            options.limits().clients(),
            new BatchLimits(options.limits().batchesPerBody()),
            new ConnectionLimits(
                options.limits().clients().connectionsPerBody(),
                options.limits().clients().connections(),
                metrics.registry(),
                "api"),
            capabilities,
            clock);
    List<HealthCheck> checks = new ArrayList<>();
    checks.add(HealthCheck.of("database", pools::ping));
    checks.add(HealthCheck.withDetails("tier-servers", pools::pingElsewhere));
    checks.add(auditCheck(trail));
    checks.add(registryCheck(bodies));
    checks.add(new RuleFilesCheck(firewall, lawTable, lawTableLoadedAt));
    capabilities.forEach(capability -> checks.addAll(capability.checks()));
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
      PortalVerticle portal = startPortal(vertx, options, tls, portalCapability, clock);
      return new HubServer(
          vertx,
          metrics,
          pools,
          running,
          trail,
          capabilities,
          first.routes(),
          first.actualPort(),
          ops.actualPort(),
          portal == null ? -1 : portal.actualPort(),
          portal == null ? List.of() : portal.routes());
    } catch (RuntimeException e) {
      abandon(running, capabilities, vertx, trail, metrics);
      throw e;
    }
  }

  /**
   * Development identity lets any caller name any body: it is for the demo on this machine only. So
   * the API must listen on a literal loopback address (a name could resolve elsewhere), and the hub
   * must run on its embedded demo database, never on a configured {@code database.url} (which may
   * be a real register) unless the operator marks it a development database on loopback. Each
   * request's Host is checked as well ({@link jp.jukihub.gateway.pipeline.CallerIdentityStage}).
   */
  private static void refuseDevIdentityBeyondTheDemo(HubOptions options) {
    String host = options.http().host();
    if (!List.of("127.0.0.1", "::1", "[::1]").contains(host)) {
      throw new ConfigException(
          "--dev-identity is allowed only while the API listens on loopback by address"
              + " (127.0.0.1 or ::1); http.host is "
              + host);
    }
    if (!options.database().forDevelopment()) {
      throw new ConfigException(
          "--dev-identity is allowed only on the embedded demo database; database.url is set"
              + " (unset JUKIHUB_PG_URL / database.url, serve with mutual TLS, or, for a"
              + " development database on loopback, say so: database.developmentOnly: true)");
    }
  }

  /**
   * My Portal's listener, one verticle per API instance on a port of its own, with the API's server
   * certificate (self-issued at first need, also in development identity: the portal is HTTPS
   * only). Returns the first of them, or null when the portal is off.
   */
  private static PortalVerticle startPortal(
      Vertx vertx,
      HubOptions options,
      Optional<MutualTls> tls,
      Optional<PortalCapability> portal,
      Clock clock) {
    if (portal.isEmpty()) {
      return null;
    }
    MutualTls server = tls.orElseGet(() -> MutualTls.prepare(options.tls(), options.http(), clock));
    // Any free port, shared among the portal verticles: a negative one of its own (the API has -1).
    int port = options.portal().listener().port() == 0 ? -2 : options.portal().listener().port();
    List<PortalVerticle> verticles = new ArrayList<>();
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < options.apiInstances(); i++) {
      PortalVerticle verticle = portal.get().verticle(server, port);
      verticles.add(verticle);
      deployed.add(vertx.deployVerticle(verticle));
    }
    await(Future.all(deployed));
    return verticles.get(0);
  }

  /**
   * Undoes a start that failed half-way, in the order {@link #close} uses; {@code trail} may not
   * exist yet.
   */
  private static void abandon(
      Tiers running,
      List<Capability> capabilities,
      Vertx vertx,
      AuditTrail trail,
      HubMetrics metrics) {
    closeInReverse(capabilities);
    running.close();
    await(vertx.close());
    if (trail != null) {
      trail.close();
    }
    metrics.close();
  }

  private static void closeInReverse(List<Capability> capabilities) {
    for (int i = capabilities.size() - 1; i >= 0; i--) {
      capabilities.get(i).close();
    }
  }

  /**
   * DOWN while the trail cannot record. A failing witness shows in the details but keeps the hub
   * ready: requests are still recorded, and taking every instance out of service because a witness
   * volume is gone would turn a gap in the evidence into an outage. Its meters are what alert.
   */
  private static HealthCheck auditCheck(AuditTrail trail) {
    return HealthCheck.withDetails(
        "audit-writer",
        () -> {
          Optional<String> down = trail.unavailable();
          if (down.isPresent()) {
            return Future.failedFuture(down.get());
          }
          JsonObject details = new JsonObject();
          trail.witnessProblem().ifPresent(problem -> details.put("witness", problem));
          return Future.succeededFuture(details);
        });
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

  /** My Portal's routes, as "METHOD /path/{param}"; none when the portal is off. */
  public List<String> portalRoutes() {
    return portalRoutes;
  }

  /** My Portal's HTTPS port, or -1 when the portal is off. */
  public int portalPort() {
    return portalPort;
  }

  @Override
  public void close() {
    // One after the other from the calling thread: a callback of vertx.close() would run on an
    // event loop that is already shutting down.
    // The listeners stop first, so no request is left waiting on a closed trail.
    // Capabilities stop their background work (JPKI keeps its last usage counts) while the pools
    // are still open.
    closeInReverse(capabilities);
    new Tiers(pools, shipper, invalidations, liveNodes).close();
    await(vertx.close());
    trail.close();
    metrics.close();
  }

  /** Which persons' identity copies the tiers change, as they apply them (for caches). */
  public IdentityInvalidations invalidations() {
    return invalidations;
  }

  /**
   * What a hub runs on its databases: the pools of every job, the shipper (unless turned off), the
   * invalidation listener, and the count of the cluster's live nodes (its session on the hub's
   * database is what the other nodes count).
   */
  private record Tiers(
      RolePools pools,
      TierShipper shipper,
      IdentityInvalidations invalidations,
      LiveNodes liveNodes) {
    static Tiers start(
        Vertx vertx, HubOptions options, RolePools pools, MeterRegistry registry, Clock clock) {
      TierShipper shipper =
          options.tiers().ship()
              ? TierShipper.start(
                  pools.topology(DatabaseRole.REGISTER), options.tiers().shipper(), registry, clock)
              : null;
      return new Tiers(
          pools,
          shipper,
          IdentityInvalidations.start(vertx, pools.topology(DatabaseRole.READER), registry),
          LiveNodes.start(
              vertx,
              pools.hub(DatabaseRole.READER, "hub-nodes", 1, LiveNodes.session(options.instance())),
              registry,
              1_000));
    }

    void close() {
      liveNodes.close();
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
