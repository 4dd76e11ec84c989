package jp.jukihub.gateway.audit;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Set;
import jp.jukihub.audit.AuditReader;
import jp.jukihub.database.DatabaseRole;
import jp.jukihub.gateway.authorisation.LawfulUses;
import jp.jukihub.gateway.authorisation.RouteAuthority;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.authorisation.ServiceRight;
import jp.jukihub.gateway.authorisation.ServiceRights;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.gateway.body.Zone;
import jp.jukihub.gateway.http.ApiRoutes;
import jp.jukihub.gateway.http.Capability;
import jp.jukihub.gateway.http.HubContext;

/**
 * The auditor's reading of the audit trail: {@code GET /v1/audit/records} and {@code GET
 * /v1/audit/subjects/{myNumber}/accesses}, each read itself audited.
 */
public final class AuditCapability implements Capability {
  private static final String AUDIT_OFFICE = "audit.office";

  /**
   * Who may read the trail: the hub's audit office, a body of kind ops (which the registry holds to
   * the ops zone). By kind, not zone alone: a zone is where a body's traffic comes from, its kind
   * is what it is. No statute table names it; it is the hub's own operating rule, as the access
   * records are the hub's own.
   */
  static final ServiceRights RIGHTS =
      new ServiceRights(
          List.of(
              new ServiceRight(
                  AUDIT_OFFICE,
                  "the audit office (an ops body)",
                  caller -> caller.kind() == BodyKind.OPS && caller.zone() == Zone.OPS,
                  "Juki Hub operating rules: the audit office reads the access records",
                  "監査 (reading who saw whose record, when and why)",
                  Scope.NATIONWIDE,
                  Set.of("auditRecords", "accesses"),
                  "only the audit office (an ops body) may read the audit trail")));

  private final AuditResource audit;

  public AuditCapability(HubContext hub) {
    this.audit =
        new AuditResource(
            new AuditReader(
                hub.pools().hub(DatabaseRole.AUDITOR),
                hub.pools().tiers(DatabaseRole.AUDITOR).national()));
  }

  @Override
  public List<LawfulUses<?>> lawfulUses() {
    return List.of(RIGHTS);
  }

  @Override
  public void declareRoutes(ApiRoutes api) {
    RouteAuthority office = RouteAuthority.use(RIGHTS, AUDIT_OFFICE);
    api.route(HttpMethod.GET, "/v1/audit/records", "audit.records", "audit")
        .authorisedBy(office)
        .audited(audit::records);
    api.route(HttpMethod.GET, "/v1/audit/subjects/:myNumber/accesses", "audit.accesses", "audit")
        .authorisedBy(office)
        .audited(audit::accesses);
  }
}
