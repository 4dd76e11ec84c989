package jp.jukihub.gateway.http;

import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.gateway.body.BodyRegistry;

/** What the API verticles serve from: shared by every instance, built once by the hub. */
public record ApiServices(BodyRegistry bodies, AuditTrail trail, AuditDigest digest, AuditReader auditReader) {}
