package jp.jukihub.gateway.law;

import java.util.Optional;
import java.util.Set;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyKind;

/**
 * One row of the law table: who ({@code body}, or any body of {@code kind}) may look up identity
 * info for {@code affair} under {@code law}, for residents within {@code scope}, naming them by
 * {@code keys}, and receiving {@code fields}.
 */
public record LawRow(
    String id,
    int table,
    Optional<String> body,
    Optional<BodyKind> kind,
    String law,
    String affair,
    Scope scope,
    Set<LookupKey> keys,
    Set<String> fields,
    boolean residentCode) {

  /** Whose residents a row covers, relative to the calling body. */
  public enum Scope {
    OWN_MUNICIPALITY,
    OTHER_MUNICIPALITIES,
    OWN_PREFECTURE,
    OTHER_PREFECTURES,
    NATIONWIDE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** How a lookup names its subject. */
  public enum LookupKey {
    MY_NUMBER("myNumber"),
    RESIDENT_CODE("residentCode"),
    QUERY("query");

    private final String label;

    LookupKey(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The fields an answer may carry. */
  public static final Set<String> FIELDS =
      Set.of(
          "myNumber", "name", "birthDate", "sex", "address", "residentCode", "changes", "status");

  /** Whether this row is one {@code caller} may use. */
  public boolean covers(Body caller) {
    return body.map(caller.id()::equals)
        .orElseGet(() -> kind.map(caller.kind()::equals).orElse(false));
  }

  public String who() {
    return body.orElseGet(
        () -> kind.map(k -> "any " + k.name().toLowerCase(java.util.Locale.ROOT)).orElse("?"));
  }
}
