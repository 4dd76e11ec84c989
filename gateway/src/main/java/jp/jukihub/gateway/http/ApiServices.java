package jp.jukihub.gateway.http;

import java.time.Clock;
import java.util.List;
import jp.jukihub.audit.AuditDigest;
import jp.jukihub.audit.AuditTrail;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.LimitOptions.ClientOptions;
import jp.jukihub.gateway.firewall.Firewall;
import jp.jukihub.gateway.limits.BatchLimits;
import jp.jukihub.gateway.limits.ConnectionLimits;
import jp.jukihub.gateway.limits.RateLimits;

/**
 * What the API verticles serve from, shared by every instance and built once by the hub: the shared
 * pipeline's parts, the audit trail every audited route records to, how clients and batches are
 * bounded (with the counts all instances share), and the capabilities that declare the routes.
 */
public record ApiServices(
    BodyRegistry bodies,
    Firewall firewall,
    RateLimits limits,
    AuditTrail trail,
    AuditDigest digest,
    int maxBodyBytes,
    ClientOptions clients,
    BatchLimits batches,
    ConnectionLimits connections,
    List<Capability> capabilities,
    Clock clock) {

  public ApiServices {
    capabilities = List.copyOf(capabilities);
  }
}
