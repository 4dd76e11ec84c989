package jp.jukihub.gateway.authorisation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.Body;

/**
 * A capability's own table of lawful uses, declared in code beside its routes: every refusal is 403
 * {@code NOT_PERMITTED} in the row's own words.
 */
public final class ServiceRights implements LawfulUses<ServiceRight> {
  private final Map<String, ServiceRight> byId = new LinkedHashMap<>();

  public ServiceRights(List<ServiceRight> rows) {
    for (ServiceRight row : rows) {
      if (byId.putIfAbsent(row.id(), row) != null) {
        throw new IllegalArgumentException("service right '" + row.id() + "' appears twice");
      }
    }
  }

  @Override
  public Optional<ServiceRight> rowFor(Body caller, String affair) {
    return row(affair).filter(row -> row.covers(caller));
  }

  @Override
  public Optional<ServiceRight> row(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public List<ServiceRight> rows() {
    return List.copyOf(byId.values());
  }

  @Override
  public HubException noRow(String affair) {
    return row(affair)
        .map(this::refused)
        .orElseThrow(() -> new IllegalStateException("a route names no service right " + affair));
  }

  @Override
  public HubException keyRefused(ServiceRight row, String key) {
    return refused(row);
  }

  @Override
  public HubException outOfScope(ServiceRight row) {
    return refused(row);
  }

  private HubException refused(ServiceRight row) {
    return new HubException(ErrorCode.NOT_PERMITTED, row.refusal());
  }
}
