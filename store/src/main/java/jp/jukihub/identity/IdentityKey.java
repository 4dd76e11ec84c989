package jp.jukihub.identity;

import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;

/** How a lookup names one person: by My Number, or by resident code (grandfathered affairs). */
public record IdentityKey(Kind kind, String value) {
  public enum Kind {
    MY_NUMBER,
    RESIDENT_CODE
  }

  public static IdentityKey of(MyNumber number) {
    return new IdentityKey(Kind.MY_NUMBER, number.value());
  }

  public static IdentityKey of(ResidentCode code) {
    return new IdentityKey(Kind.RESIDENT_CODE, code.value());
  }

  /** A cache key: short, and distinct across kinds. */
  public String cacheKey() {
    return (kind == Kind.MY_NUMBER ? "m:" : "r:") + value;
  }

  /** Never prints the value: it is a My Number or a resident code. */
  @Override
  public String toString() {
    return "IdentityKey(" + kind + ")";
  }
}
