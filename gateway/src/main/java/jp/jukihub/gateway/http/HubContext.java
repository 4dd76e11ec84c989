package jp.jukihub.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.database.StorePool;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.tiers.IdentityInvalidations;
import jp.jukihub.tiers.TierPools;
import jp.jukihub.tiers.TierTopology;

/**
 * What the hub lends every capability it composes: Vert.x, the settings, the one clock, the
 * registered bodies, the audit trail and its digest, the hub's own database pool, the meters, the
 * tiers' pools and change notices, and the municipality catalog. Built once by the hub.
 */
public record HubContext(
    Vertx vertx,
    HubOptions options,
    Clock clock,
    BodyRegistry bodies,
    AuditTrail trail,
    AuditDigest digest,
    StorePool store,
    MeterRegistry registry,
    TierPools tiers,
    TierTopology topology,
    IdentityInvalidations invalidations,
    MunicipalityCatalog catalog) {}
