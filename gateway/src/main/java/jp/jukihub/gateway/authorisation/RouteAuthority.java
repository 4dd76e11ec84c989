package jp.jukihub.gateway.authorisation;

import java.util.Optional;
import java.util.function.Function;
import jp.jukihub.gateway.pipeline.RequestContext;
import jp.jukihub.number.LgCode;

/**
 * How a route's requests are authorised, declared with the route: which table decides, and what a
 * request claims of it. The authorisation stage applies it before the route's service runs.
 */
@FunctionalInterface
public interface RouteAuthority {
  /** The grant for this request; throws the table's refusal. */
  Grant authorise(RequestContext request);

  /** The route is one use of {@code table}: row {@code rowId}, wherever its subject lives. */
  static RouteAuthority use(LawfulUses<?> table, String rowId) {
    return request -> table.grant(request.notebook(), rowId, Optional.empty(), Optional.empty());
  }

  /**
   * The route is one use of {@code table} for a subject the request itself places ({@code home},
   * from its path): a subject out of the row's scope is refused before the service runs.
   */
  static RouteAuthority use(
      LawfulUses<?> table, String rowId, Function<RequestContext, LgCode> home) {
    return request ->
        table.grant(request.notebook(), rowId, Optional.empty(), Optional.of(home.apply(request)));
  }
}
