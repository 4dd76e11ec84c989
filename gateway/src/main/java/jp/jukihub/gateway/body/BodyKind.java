package jp.jukihub.gateway.body;

/**
 * What a calling body is; each kind belongs to one firewall zone, and the registry holds it there.
 */
public enum BodyKind {
  NATIONAL_BODY(Zone.NATIONAL_BODY),
  PREFECTURE(Zone.PREFECTURE),
  MUNICIPALITY(Zone.MUNICIPALITY),
  JLIS(Zone.JLIS),
  VERIFIER(Zone.VERIFIER),
  PORTAL(Zone.PORTAL),
  OPS(Zone.OPS);

  private final Zone defaultZone;

  BodyKind(Zone defaultZone) {
    this.defaultZone = defaultZone;
  }

  public Zone defaultZone() {
    return defaultZone;
  }

  /** True for local governments, which are identified by their LgCode. */
  public boolean isLocalGovernment() {
    return this == PREFECTURE || this == MUNICIPALITY;
  }
}
