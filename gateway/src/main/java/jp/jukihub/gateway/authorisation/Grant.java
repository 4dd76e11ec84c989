package jp.jukihub.gateway.authorisation;

import java.util.function.Supplier;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.number.LgCode;

/**
 * A table's yes to one request: the row that allows it, for this caller. A service asks it whether
 * a person it found is within reach and which fields it may release.
 */
public record Grant(LawfulUse use, Body caller, Supplier<HubException> refusal) {
  /** Whether a person registered in {@code home} is within the row's scope for the caller. */
  public boolean reaches(LgCode home) {
    return use.scope().reaches(caller, home);
  }

  public boolean releases(String field) {
    return use.releases(field);
  }

  /** The table's refusal for a subject outside the row's scope. */
  public HubException outOfScope() {
    return refusal.get();
  }
}
