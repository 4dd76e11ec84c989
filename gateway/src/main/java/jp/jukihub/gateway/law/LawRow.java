package jp.jukihub.gateway.law;

import java.util.Set;
import jp.jukihub.gateway.authorisation.LawfulUse;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.Party;

/**
 * One row of the law table: who ({@code party}: a body, or any body of a kind) may look up identity
 * info for {@code affair} under {@code law}, for residents within {@code scope}, naming them by
 * {@code keys}, and receiving {@code fields}.
 */
public record LawRow(
    String id,
    int table,
    Party party,
    String law,
    String affair,
    Scope scope,
    Set<LookupKey> keys,
    Set<String> fields,
    boolean residentCode)
    implements LawfulUse {

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
  @Override
  public boolean covers(Body caller) {
    return party.covers(caller);
  }

  @Override
  public boolean allowsKey(String key) {
    return keys.stream().anyMatch(allowed -> allowed.label().equals(key));
  }

  /** The resident code only on grandfathered rows (経過措置), whatever the fields say. */
  @Override
  public boolean releases(String field) {
    return fields.contains(field) && (residentCode || !field.equals("residentCode"));
  }

  @Override
  public String who() {
    return party.label();
  }
}
