package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityRecord;

/**
 * A national search the national tier cannot answer (failed, late, breaker open) is asked of every
 * prefecture database, and their answers merged in person-id order, as the finds' fallback does.
 */
final class PrefectureSearchFallback implements CandidateSource {
  private final CandidateSource national;
  private final List<CandidateSource> everyPrefecture;
  private final FallbackCounters fallbacks;

  PrefectureSearchFallback(
      CandidateSource national, List<CandidateSource> everyPrefecture, FallbackCounters fallbacks) {
    this.national = national;
    this.everyPrefecture = List.copyOf(everyPrefecture);
    this.fallbacks = fallbacks;
  }

  @Override
  public Future<Candidates> search(FourInfoQuery query, Reach reach, int limit) {
    return national
        .search(query, reach, limit)
        .recover(
            cause -> {
              fallbacks.count(cause);
              return merged(query, limit);
            });
  }

  private Future<Candidates> merged(FourInfoQuery query, int limit) {
    List<Future<Candidates>> searches = new ArrayList<>(everyPrefecture.size());
    everyPrefecture.forEach(
        prefecture -> searches.add(prefecture.search(query, Reach.NONE, limit)));
    return Future.all(searches)
        .map(
            all -> {
              // A person who just moved may be current in two prefectures until the move is
              // shipped: keep the later.
              Map<Long, IdentityRecord> latest = new TreeMap<>();
              searches.forEach(
                  search ->
                      search
                          .result()
                          .records()
                          .forEach(
                              record ->
                                  latest.merge(
                                      record.personId(),
                                      record,
                                      (a, b) -> a.version() >= b.version() ? a : b)));
              List<IdentityRecord> merged = new ArrayList<>(latest.values());
              return new Candidates(
                  merged.subList(0, Math.min(limit, merged.size())), ServedBy.PREFECTURE_FALLBACK);
            });
  }
}
