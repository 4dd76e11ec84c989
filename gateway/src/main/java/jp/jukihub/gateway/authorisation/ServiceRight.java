package jp.jukihub.gateway.authorisation;

import java.util.Set;
import java.util.function.Predicate;
import jp.jukihub.gateway.body.Body;

/**
 * A row of a capability's own table: who may use one of the hub's services (the register, card
 * issuance, the audit trail, revocation checks), under which law, within which scope, releasing
 * what; {@code refusal} is what a caller it does not cover is told. Such rows take no subject key:
 * the route names its subject.
 */
public record ServiceRight(
    String id,
    String who,
    Predicate<Body> covering,
    String law,
    String affair,
    Scope scope,
    Set<String> fields,
    String refusal)
    implements LawfulUse {

  public ServiceRight {
    fields = Set.copyOf(fields);
  }

  @Override
  public boolean covers(Body caller) {
    return covering.test(caller);
  }

  @Override
  public boolean allowsKey(String key) {
    return false;
  }
}
