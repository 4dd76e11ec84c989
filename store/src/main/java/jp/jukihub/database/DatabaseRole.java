package jp.jukihub.database;

/**
 * The least-privilege roles the hub logs in as at run time, one per job (created NOLOGIN by
 * migrations V12 and V13, given LOGIN and a password by {@link DatabaseRoles} at start). None of
 * them is a superuser, owns a table, or may UPDATE, DELETE or TRUNCATE the audit trail; each may
 * touch only the tables its job needs (V13 lists them).
 */
public enum DatabaseRole {
  /** Identity lookups and change feeds: reads the tiers' identity copies, writes nothing. */
  READER("jukihub_reader"),
  /** The register writer, J-LIS's number issuer and the shipping lanes: the three tiers. */
  REGISTER("jukihub_register"),
  /** J-LIS's PKI: certificates, CRLs, usage; reads who a card is for. */
  JPKI("jukihub_jpki"),
  /** The information-provision network and intermediate servers; reads persons and the trail. */
  PROVISION("jukihub_provision"),
  /** My Portal: its notices; reads the resident's identity, cards, trail and held copies. */
  PORTAL("jukihub_portal"),
  /** The audit writer: appends records and checkpoints, moves the chain head. */
  AUDIT_WRITER("jukihub_audit_writer"),
  /**
   * {@code hub audit verify} and {@code export}, the audit API: reads the trail, records exports.
   */
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

  /** The role's name without the prefix ("reader"), for pool names. */
  public String job() {
    return roleName.substring("jukihub_".length());
  }
}
