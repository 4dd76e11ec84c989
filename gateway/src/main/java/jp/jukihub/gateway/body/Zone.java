package jp.jukihub.gateway.body;

import java.util.Locale;

/** The network zones Juki-net's firewalls separate; routing rules name them. */
public enum Zone {
  MUNICIPALITY,
  PREFECTURE,
  NATIONAL_BODY,
  JLIS,
  VERIFIER,
  PORTAL,
  OPS;

  /** The spelling used in files and on the wire: lower case, e.g. "national_body". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
