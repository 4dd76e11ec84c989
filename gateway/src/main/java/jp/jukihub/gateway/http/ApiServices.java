package jp.jukihub.gateway.http;

import java.time.Clock;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.firewall.Firewall;
import jp.jukihub.gateway.identity.IdentityRouter;
import jp.jukihub.gateway.jpki.Jpki;
import jp.jukihub.gateway.law.LawTable;
import jp.jukihub.gateway.limits.RateLimits;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.register.ResidentRecords;
import jp.jukihub.register.ResidentRegister;

/** What the API verticles serve from: shared by every instance, built once by the hub. */
public record ApiServices(
    BodyRegistry bodies,
    Firewall firewall,
    RateLimits limits,
    AuditTrail trail,
    AuditDigest digest,
    AuditReader auditReader,
    ResidentRegister register,
    ResidentRecords records,
    LawTable lawTable,
    IdentityRouter identity,
    MunicipalityCatalog catalog,
    Clock clock,
    int maxBodyBytes,
    Jpki jpki) {}
