package jp.jukihub.gateway.register;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.authorisation.RouteAuthority;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.authorisation.ServiceRight;
import jp.jukihub.gateway.authorisation.ServiceRights;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.gateway.http.ApiRoutes;
import jp.jukihub.gateway.http.Capability;
import jp.jukihub.gateway.http.HubContext;
import jp.jukihub.jlis.JlisIssuer;
import jp.jukihub.jlis.MyNumberGenerator;
import jp.jukihub.keys.KeyFile;
import jp.jukihub.register.IdempotencyExpiry;
import jp.jukihub.register.PgResidentRecords;
import jp.jukihub.register.PgResidentRegister;
import jp.jukihub.register.RegisterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The municipal register (住民基本台帳) under {@code /v1/municipalities/{lgCode}}: births and arrivals,
 * move-outs and move-ins, corrections, deaths, My Number changes and a record's history, each
 * served only to the municipality itself and audited under the resident.
 */
public final class RegisterCapability implements Capability {
  private static final Logger LOG = LoggerFactory.getLogger(RegisterCapability.class);
  private static final Duration IDEMPOTENCY_KEPT = Duration.ofHours(24);
  private static final String OWN_RESIDENTS = "register.own-residents";

  /** Who may keep a register: each municipality its own (住基法 第5条, 第8条). */
  static final ServiceRights RIGHTS =
      new ServiceRights(
          List.of(
              new ServiceRight(
                  OWN_RESIDENTS,
                  "any municipality",
                  caller -> caller.kind() == BodyKind.MUNICIPALITY,
                  "住民基本台帳法 第5条 (住民基本台帳の備付け), 第8条 (住民票の記載等)",
                  "住民基本台帳の記録及び管理 (its own residents' records)",
                  Scope.OWN_MUNICIPALITY,
                  Set.of("record", "history"),
                  "only the municipality itself may use its register")));

  private final MunicipalResource municipal;
  private final long expiryTimer;
  private final HubContext hub;

  public RegisterCapability(HubContext hub) {
    this.hub = hub;
    RegisterView view =
        new RegisterView(hub.catalog(), hub.options().register().goLive(), hub.clock());
    JlisIssuer jlis =
        new JlisIssuer(
            hub.pools().tiers(DatabaseRole.REGISTER).national(),
            KeyFile.loadOrCreate(hub.options().jlisNumberKeyFile(), MyNumberGenerator.KEY_BYTES));
    this.municipal =
        new MunicipalResource(
            new PgResidentRegister(
                hub.pools().tiers(DatabaseRole.REGISTER).municipal(),
                jlis,
                view,
                hub.options().register().codeBundleSize()),
            new PgResidentRecords(hub.pools().tiers(DatabaseRole.REGISTER).municipal(), view),
            hub.clock());
    this.expiryTimer = expireIdempotencyKeys();
  }

  @Override
  public List<LawfulUses<?>> lawfulUses() {
    return List.of(RIGHTS);
  }

  @Override
  public void declareRoutes(ApiRoutes api) {
    String municipality = "/v1/municipalities/:lgCode";
    String resident = municipality + "/residents/:residentCode";
    RouteAuthority own = RouteAuthority.use(RIGHTS, OWN_RESIDENTS, MunicipalResource::municipality);
    api.route(HttpMethod.POST, municipality + "/residents", "register.register", "register")
        .authorisedBy(own)
        .audited(201, municipal::register);
    api.route(HttpMethod.POST, municipality + "/move-outs", "register.move-out", "register")
        .authorisedBy(own)
        .audited(201, municipal::moveOut);
    api.route(HttpMethod.POST, municipality + "/move-ins", "register.move-in", "register")
        .authorisedBy(own)
        .audited(201, municipal::moveIn);
    api.route(HttpMethod.PATCH, resident, "register.correct", "register")
        .authorisedBy(own)
        .audited(municipal::correct);
    api.route(HttpMethod.POST, resident + "/death", "register.death", "register")
        .authorisedBy(own)
        .audited(municipal::death);
    api.route(
            HttpMethod.POST,
            resident + "/my-number-change",
            "register.my-number-change",
            "register")
        .authorisedBy(own)
        .audited(municipal::myNumberChange);
    api.route(HttpMethod.GET, resident + "/history", "register.history", "register")
        .authorisedBy(own)
        .audited(municipal::history);
  }

  /** Every ten minutes, first answers older than a day go (see {@link IdempotencyExpiry}). */
  private long expireIdempotencyKeys() {
    IdempotencyExpiry expiry =
        new IdempotencyExpiry(
            hub.pools().tiers(DatabaseRole.REGISTER).municipal(), IDEMPOTENCY_KEPT);
    return hub.vertx()
        .setPeriodic(
            TimeUnit.SECONDS.toMillis(5),
            TimeUnit.MINUTES.toMillis(10),
            timer ->
                expiry
                    .purge()
                    .onFailure(
                        e -> LOG.warn("cannot expire idempotency keys yet: {}", e.getMessage())));
  }

  @Override
  public void close() {
    hub.vertx().cancelTimer(expiryTimer);
  }
}
