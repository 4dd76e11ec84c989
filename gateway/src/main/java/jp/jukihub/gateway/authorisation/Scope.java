package jp.jukihub.gateway.authorisation;

import java.util.Locale;
import java.util.Optional;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.number.LgCode;

/**
 * Whose residents a lawful use reaches, relative to the calling body. The one place a scope is
 * checked, for every table.
 */
public enum Scope {
  OWN_MUNICIPALITY,
  OTHER_MUNICIPALITIES,
  OWN_PREFECTURE,
  OTHER_PREFECTURES,
  NATIONWIDE;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Scope> ofLabel(String label) {
    for (Scope scope : values()) {
      if (scope.label().equals(label)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a person registered in {@code home} is within this scope for {@code caller}; a caller
   * without a municipality code reaches only what is nationwide.
   */
  public boolean reaches(Body caller, LgCode home) {
    if (this == NATIONWIDE) {
      return true;
    }
    Optional<LgCode> own = caller.lgCode();
    if (own.isEmpty()) {
      return false;
    }
    LgCode lg = own.get();
    return switch (this) {
      case OWN_MUNICIPALITY -> lg.equals(home);
      case OTHER_MUNICIPALITIES -> !lg.equals(home);
      case OWN_PREFECTURE -> lg.prefectureCode().equals(home.prefectureCode());
      case OTHER_PREFECTURES -> !lg.prefectureCode().equals(home.prefectureCode());
      case NATIONWIDE -> true;
    };
  }
}
