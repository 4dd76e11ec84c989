package jp.jukihub.database;

/**
 * The least-privilege roles the hub logs in as at run time (created NOLOGIN by migration V12, given
 * LOGIN and a password by {@link DatabaseRoles} at start). None of them is a superuser, owns a
 * table, or may UPDATE, DELETE or TRUNCATE the audit trail.
 */
public enum DatabaseRole {
  /** The request path and its lanes: the tiers, J-LIS's PKI, provision, the portal; reads audit. */
  APP("jukihub_app"),
  /** The audit writer: appends records and checkpoints, moves the chain head. */
  AUDIT_WRITER("jukihub_audit_writer"),
  /** {@code hub audit verify} and {@code export}: reads the trail, records exports. */
  AUDITOR("jukihub_auditor"),
  /** {@code hub audit prune}: drops exported months past retention, through audit.drop_month. */
  AUDIT_PRUNE("jukihub_audit_prune");

  private final String roleName;

  DatabaseRole(String roleName) {
    this.roleName = roleName;
  }

  public String roleName() {
    return roleName;
  }
}
