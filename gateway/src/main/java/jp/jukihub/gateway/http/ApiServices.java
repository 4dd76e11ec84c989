package jp.jukihub.gateway.http;

import java.util.List;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.firewall.Firewall;
import jp.jukihub.gateway.limits.RateLimits;

/**
 * What the API verticles serve from, shared by every instance and built once by the hub: the shared
 * pipeline's parts, the audit trail every audited route records to, and the capabilities that
 * declare the routes.
 */
public record ApiServices(
    BodyRegistry bodies,
    Firewall firewall,
    RateLimits limits,
    AuditTrail trail,
    AuditDigest digest,
    int maxBodyBytes,
    List<Capability> capabilities) {

  public ApiServices {
    capabilities = List.copyOf(capabilities);
  }
}
