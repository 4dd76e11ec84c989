package jp.jukihub.gateway.identity;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityChange;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.identity.source.Candidates;
import jp.jukihub.identity.source.Found;
import jp.jukihub.identity.source.IdentityChain;
import jp.jukihub.identity.source.Reach;
import jp.jukihub.register.GoLive;

/**
 * Decides which tier a caller reads, as Juki-net does: national bodies read the national tier; a
 * prefecture reads its own server for its residents and the national tier for others; a
 * municipality reads its own resident records for its residents and the national tier for others.
 * The reads themselves, with their caches, budget, breaker and fallback, are the store's {@link
 * IdentityChain}; this class only turns the caller into the {@link Reach} the chain reads by.
 */
public final class IdentityRouter {
  /** Which tier's view a search reads (a scope within the caller's own tier reads that tier). */
  public enum SearchIn {
    OWN_TIER,
    NATIONAL
  }

  private final IdentityChain chain;
  private final GoLive goLive;
  private final Clock clock;

  public IdentityRouter(IdentityChain chain, GoLive goLive, Clock clock) {
    this.chain = chain;
    this.goLive = goLive;
    this.clock = clock;
  }

  /** Whether My Numbers are in force now: before go-live none resolves, and answers carry none. */
  public boolean numbersLive() {
    return goLive.numbersVisible(clock.instant());
  }

  /** The person {@code key} names, read from the tier {@code caller} reads. */
  public Future<Optional<Found>> find(Body caller, IdentityKey key) {
    return chain.finds().find(key, reach(caller));
  }

  /** At most {@code limit} persons matching {@code query}. */
  public Future<Candidates> search(Body caller, FourInfoQuery query, SearchIn where, int limit) {
    return chain
        .searches()
        .search(query, where == SearchIn.OWN_TIER ? reach(caller) : Reach.NONE, limit);
  }

  /** The person's changes up to the version found, from the tier that answered. */
  public Future<List<IdentityChange>> changes(Found found) {
    return chain.changes().changes(found);
  }

  /** The caller's own tier: a prefecture's code or a municipality's code; none for others. */
  static Reach reach(Body caller) {
    return switch (caller.kind()) {
      case PREFECTURE ->
          caller.lgCode().map(lg -> Reach.prefecture(lg.prefectureCode())).orElse(Reach.NONE);
      case MUNICIPALITY ->
          caller.lgCode().map(lg -> Reach.municipality(lg.value())).orElse(Reach.NONE);
      default -> Reach.NONE;
    };
  }
}
