package jp.jukihub.identity.source;

import io.vertx.core.Future;
import jp.jukihub.identity.FourInfoQuery;

/**
 * A search within the caller's own tier reads that tier (a prefecture's server, a municipality's
 * records); one that names no own tier goes to the national tier.
 */
final class OwnTierSearch implements CandidateSource {
  private final CandidateSource prefecture;
  private final CandidateSource municipal;
  private final CandidateSource national;

  OwnTierSearch(CandidateSource prefecture, CandidateSource municipal, CandidateSource national) {
    this.prefecture = prefecture;
    this.municipal = municipal;
    this.national = national;
  }

  @Override
  public Future<Candidates> search(FourInfoQuery query, Reach reach, int limit) {
    return switch (reach.kind()) {
      case NONE -> national.search(query, reach, limit);
      case PREFECTURE -> prefecture.search(query, reach, limit);
      case MUNICIPALITY -> municipal.search(query, reach, limit);
    };
  }
}
