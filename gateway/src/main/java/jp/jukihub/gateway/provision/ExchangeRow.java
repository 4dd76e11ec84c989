package jp.jukihub.gateway.provision;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.jukihub.gateway.authorisation.LawfulUse;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.Party;

/**
 * One affair of one requester in the table of lawful exchanges (番号法 別表第二, one 項): the requester
 * (情報照会者) may ask each of its {@code provides} (情報提供者) for one information item, for {@code affair}
 * under {@code law}. Anyone, anywhere (nationwide); a query names its subject by a token, never by
 * a key.
 */
public record ExchangeRow(
    String id,
    String row,
    Party requester,
    String requesterName,
    String law,
    String affair,
    String source,
    List<Provision> provides)
    implements LawfulUse {

  /** One provider the requester may ask, and for which item. */
  public record Provision(Party provider, String providerName, String item) {}

  public ExchangeRow {
    provides = List.copyOf(provides);
  }

  /** Whether the requester may ask {@code provider} for {@code item} under this row. */
  public boolean permits(Body provider, String item) {
    return provides.stream()
        .anyMatch(
            provision -> provision.item().equals(item) && provision.provider().covers(provider));
  }

  @Override
  public String who() {
    return requester.label();
  }

  @Override
  public boolean covers(Body caller) {
    return requester.covers(caller);
  }

  @Override
  public Scope scope() {
    return Scope.NATIONWIDE;
  }

  @Override
  public boolean allowsKey(String key) {
    return false;
  }

  /** The items the requester may ask for, from whomever. */
  @Override
  public Set<String> fields() {
    Set<String> items = new LinkedHashSet<>();
    provides.forEach(provision -> items.add(provision.item()));
    return Set.copyOf(items);
  }
}
