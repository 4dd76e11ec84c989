package jp.jukihub.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.HubOptions;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.tiers.IdentityInvalidations;

/**
 * What the hub lends every capability it composes: Vert.x, the settings, the one clock, the
 * registered bodies, the audit trail and its digest, the database pools of each job's role, the
 * meters, the tiers' change notices, and the municipality catalog. Built once by the hub.
 */
public record HubContext(
    Vertx vertx,
    HubOptions options,
    Clock clock,
    BodyRegistry bodies,
    AuditTrail trail,
    AuditDigest digest,
    RolePools pools,
    MeterRegistry registry,
    IdentityInvalidations invalidations,
    MunicipalityCatalog catalog) {}
