package jp.jukihub.gateway.provision;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.database.Database;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.database.StorePool;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.authorisation.RouteAuthority;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.authorisation.ServiceRight;
import jp.jukihub.gateway.authorisation.ServiceRights;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.gateway.http.ApiRoutes;
import jp.jukihub.gateway.http.Capability;
import jp.jukihub.gateway.http.HubContext;
import jp.jukihub.gateway.http.RolePools;
import jp.jukihub.gateway.input.JsonBodyStage;
import jp.jukihub.gateway.ops.HealthCheck;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import jp.jukihub.identity.TierReader;
import jp.jukihub.identity.TierView;
import jp.jukihub.keys.KeyFile;
import jp.jukihub.portal.HeldCopies;
import jp.jukihub.provision.IntermediateServers;
import jp.jukihub.provision.NetworkKey;
import jp.jukihub.provision.RegisterTokenLane;
import jp.jukihub.provision.TokenAcquisition;
import jp.jukihub.tiers.TierTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The information-provision network (情報提供ネットワークシステム) as the API serves it: token acquisition, the
 * copies on the intermediate servers, and queries between bodies decided by the table of lawful
 * exchanges. The network and the intermediate servers live on J-LIS's platform: the network on the
 * national tier's database, the intermediate servers on their own pool ({@code intermediate}), on
 * that database too or on their own ({@code provision.intermediateUrl}), which is then migrated
 * here at start, as the hub migrates a tier's.
 */
public final class ProvisionCapability implements Capability {
  private static final String ACQUISITION = "provision.token-acquisition";
  private static final String COPIES = "provision.copy-registration";
  private static final String RECORDS = "provision.own-records";
  private static final Logger LOG = LoggerFactory.getLogger(ProvisionCapability.class);
  static final Duration ACQUISITIONS_KEPT = Duration.ofDays(30);

  /**
   * Who takes part in the exchange: national bodies, prefectures and municipalities acquire their
   * tokens (番号法 第21条の2) and keep the copies they provide (第19条第8号, 第22条). Verifiers, J-LIS, ops and
   * the portal hold neither.
   */
  static final ServiceRights RIGHTS =
      new ServiceRights(
          List.of(
              new ServiceRight(
                  ACQUISITION,
                  "national bodies, prefectures and municipalities",
                  ProvisionCapability::takesPart,
                  "番号法 第21条の2 (符号の取得)",
                  "情報提供用個人識別符号の取得",
                  Scope.NATIONWIDE,
                  Set.of(),
                  "only bodies that take part in the information-provision network acquire tokens"),
              new ServiceRight(
                  COPIES,
                  "national bodies, prefectures and municipalities",
                  ProvisionCapability::takesPart,
                  "番号法 第19条第8号, 第22条 (特定個人情報の提供)",
                  "提供する特定個人情報の副本の登録",
                  Scope.NATIONWIDE,
                  Set.of("copy"),
                  "only bodies that take part in the information-provision network keep copies"),
              new ServiceRight(
                  RECORDS,
                  "national bodies, prefectures and municipalities",
                  ProvisionCapability::takesPart,
                  "番号法 第23条 (情報提供等の記録)",
                  "情報提供等記録の確認 (its own side)",
                  Scope.NATIONWIDE,
                  Set.of("provisionRecords"),
                  "only bodies that take part in the information-provision network have records")));

  private final ExchangeTable table;
  private final Instant loadedAt;
  private final StorePool intermediate;
  private final RegisterTokenLane lane;
  private final Vertx vertx;
  private final long forgetTimer;
  private final TokenResource tokens;
  private final CopyResource copies;
  private final QueryResource queries;
  private final RecordsResource records;
  private final NetworkKey key;
  private final StorePool network;
  private final RolePools pools;
  private final DatabaseTarget intermediateTarget;

  public ProvisionCapability(HubContext hub, ExchangeTable table, DataStandard standard) {
    this.table = table;
    this.loadedAt = hub.clock().instant();
    this.pools = hub.pools();
    this.network = pools.tiers(DatabaseRole.PROVISION).national();
    this.key =
        new NetworkKey(
            KeyFile.loadOrCreate(
                hub.options().dataDirectory().resolve("keys").resolve("provision-network.key"),
                NetworkKey.KEY_BYTES));
    TierTopology tiers = pools.topology(DatabaseRole.PROVISION);
    DatabaseTarget national = tiers.national();
    DatabaseTarget configured = hub.options().provision().intermediate(national);
    // On a server of its own, migrated as its URL's user, with the roles' logins made there too.
    this.intermediateTarget =
        configured.sameDatabase(national)
            ? national
            : Database.prepareOther(configured, national, hub.options().database());
    this.intermediate = intermediatePool(DatabaseRole.PROVISION);
    IntermediateServers servers = new IntermediateServers(intermediate, network, hub.clock());
    ProvisionMeters meters = new ProvisionMeters(hub.registry(), standard.items());
    TokenAcquisition acquisition = new TokenAcquisition(network, intermediate, key, hub.clock());
    this.tokens =
        new TokenResource(
            new TierReader(network, TierView.NATIONAL),
            acquisition,
            hub.options().register().goLive(),
            hub.clock(),
            meters);
    this.copies = new CopyResource(standard, servers, meters);
    this.queries = new QueryResource(table, hub.bodies(), servers, key, meters);
    this.records = new RecordsResource(new AuditReader(pools.hub(DatabaseRole.PROVISION), network));
    this.vertx = hub.vertx();
    this.forgetTimer = forgetAcquisitions(hub, acquisition);
    // Births and move-ins acquire the municipality's token from the register's own requests.
    this.lane =
        RegisterTokenLane.start(
            tiers.municipal(),
            national,
            intermediateTarget.as(DatabaseRole.PROVISION),
            key,
            hub.registry(),
            hub.clock());
  }

  private static boolean takesPart(Body body) {
    return body.kind() == BodyKind.NATIONAL_BODY
        || body.kind() == BodyKind.PREFECTURE
        || body.kind() == BodyKind.MUNICIPALITY;
  }

  /**
   * Every hour, the digests of acquisitions older than {@link #ACQUISITIONS_KEPT} go: long enough
   * to answer a body's retries and refuse a number's reuse for another person, no longer.
   */
  private static long forgetAcquisitions(HubContext hub, TokenAcquisition acquisition) {
    return hub.vertx()
        .setPeriodic(
            TimeUnit.SECONDS.toMillis(30),
            TimeUnit.HOURS.toMillis(1),
            timer ->
                acquisition
                    .forgetAcquisitions(ACQUISITIONS_KEPT)
                    .onFailure(
                        e ->
                            LOG.warn("acquisition digests not forgotten yet: {}", e.getMessage())));
  }

  /**
   * {@code exchange-table}: which table of lawful exchanges decides, and how many affairs. The
   * intermediate servers' own database, when they have one, is reported by the hub's {@code
   * tier-servers} check (place {@code intermediate}) and does not take the node out of a balancer:
   * every node shares it, and lookups and revocation checks do not need it.
   */
  @Override
  public List<HealthCheck> checks() {
    JsonObject loaded =
        new JsonObject()
            .put("source", table.source())
            .put("affairs", table.rows().size())
            .put("loadedAt", loadedAt.toString());
    return List.of(
        HealthCheck.withDetails("exchange-table", () -> Future.succeededFuture(loaded.copy())));
  }

  @Override
  public void close() {
    vertx.cancelTimer(forgetTimer);
    lane.close();
  }

  /**
   * The network's key: only the network (and J-LIS's portal, which shows a resident their exchange
   * records) derives links and record subjects.
   */
  public NetworkKey networkKey() {
    return key;
  }

  /**
   * What every body's intermediate server holds about one person (My Portal's 自己情報表示), read through
   * {@code role}'s own pools.
   */
  public HeldCopies heldCopies(DatabaseRole role) {
    return new HeldCopies(pools.tiers(role).national(), intermediatePool(role));
  }

  private StorePool intermediatePool(DatabaseRole role) {
    return pools.open(intermediateTarget, role, "intermediate", pools.size(), Map.of());
  }

  @Override
  public List<LawfulUses<?>> lawfulUses() {
    return List.of(table, RIGHTS);
  }

  @Override
  public void declareRoutes(ApiRoutes api) {
    String copy = "/v1/provision/copies/:item/:unifiedAddressNumber";
    RouteAuthority acquisition = RouteAuthority.use(RIGHTS, ACQUISITION);
    RouteAuthority copies = RouteAuthority.use(RIGHTS, COPIES);
    api.route(HttpMethod.POST, "/v1/provision/tokens", "provision.tokens", "provision")
        .authorisedBy(acquisition)
        .audited(tokens::acquire);
    api.route(HttpMethod.POST, "/v1/provision/tokens:batch", "provision.tokens-batch", "provision")
        .authorisedPerItem()
        .batch(
            TokenResource.FIELDS,
            (line, notes) -> {
              grant(notes, ACQUISITION);
              return tokens.acquire(line, notes);
            });
    api.route(HttpMethod.PUT, copy, "provision.copy-register", "provision")
        .largeBody()
        .authorisedBy(copies)
        .audited(this.copies::register);
    api.route(HttpMethod.DELETE, copy, "provision.copy-withdraw", "provision")
        .authorisedBy(copies)
        .audited(this.copies::withdraw);
    api.route(HttpMethod.POST, "/v1/provision/copies:batch", "provision.copies-batch", "provision")
        .authorisedPerItem()
        .batch(
            CopyResource.LINE_FIELDS,
            (line, notes) -> {
              grant(notes, COPIES);
              return this.copies.register(line, notes);
            });
    api.route(HttpMethod.POST, QueryResource.PATH, QueryResource.ROUTE, "provision")
        .stage(new JsonBodyStage(QueryResource.FIELDS))
        .authorisedBy(queries::authorise)
        .outcomes(queries::answered)
        .audited(queries::query);
    api.route(
            HttpMethod.POST, QueryResource.PATH + ":batch", QueryResource.BATCH_ROUTE, "provision")
        .authorisedPerItem()
        .outcomes(queries::answered)
        .batch(QueryResource.FIELDS, queries::queryLine);
    api.route(
            HttpMethod.POST,
            QueryResource.HOUSEHOLD_PATH,
            QueryResource.HOUSEHOLD_ROUTE,
            "provision")
        .stage(new JsonBodyStage(QueryResource.HOUSEHOLD_FIELDS))
        .authorisedBy(queries::authoriseHouseholdCheck)
        .outcomes(queries::householdChecked)
        .audited(queries::householdCheck);
    api.route(HttpMethod.GET, "/v1/provision/records", "provision.records", "provision")
        .authorisedBy(RouteAuthority.use(RIGHTS, RECORDS))
        .audited(records::records);
  }

  /** A batch line's authorisation by a service right, as the single route's stage does. */
  private static void grant(AuditNotebook notes, String right) {
    RIGHTS.grant(notes, right, Optional.empty(), Optional.empty());
  }
}
