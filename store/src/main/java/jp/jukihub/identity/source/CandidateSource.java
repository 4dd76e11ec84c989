package jp.jukihub.identity.source;

import io.vertx.core.Future;
import jp.jukihub.identity.FourInfoQuery;

/** Searches the tiers by the 4 info: the search's links, as {@link IdentitySource} the finds'. */
@FunctionalInterface
public interface CandidateSource {
  /**
   * At most {@code limit} persons matching {@code query}, from the own tier {@code reach} names, or
   * from the national tier when it names none.
   */
  Future<Candidates> search(FourInfoQuery query, Reach reach, int limit);
}
