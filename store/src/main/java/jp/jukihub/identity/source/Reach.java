package jp.jukihub.identity.source;

/**
 * The caller's own tier, which a read tries before the national tier: none (national bodies), a
 * prefecture's server (by prefecture code) or a municipality's resident records (by its local
 * government code).
 */
public record Reach(Kind kind, String area) {
  public enum Kind {
    NONE,
    PREFECTURE,
    MUNICIPALITY
  }

  /** No own tier: the national tier answers. */
  public static final Reach NONE = new Reach(Kind.NONE, null);

  public Reach {
    if ((kind == Kind.NONE) != (area == null)) {
      throw new IllegalArgumentException(
          "an own tier needs its area, and only an own tier has one");
    }
  }

  public static Reach prefecture(String prefectureCode) {
    return new Reach(Kind.PREFECTURE, prefectureCode);
  }

  public static Reach municipality(String lgCode) {
    return new Reach(Kind.MUNICIPALITY, lgCode);
  }
}
