package jp.jukihub.identity.source;

import io.vertx.core.Future;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.source.LookupTimers.Result;

/** Times every search, by the tier that searched and whether it found anyone. */
final class TimedSearches implements CandidateSource {
  private final LookupTimers timers;
  private final CandidateSource next;

  TimedSearches(LookupTimers timers, CandidateSource next) {
    this.timers = timers;
    this.next = next;
  }

  @Override
  public Future<Candidates> search(FourInfoQuery query, Reach reach, int limit) {
    long started = System.nanoTime();
    return next.search(query, reach, limit)
        .andThen(
            done -> {
              if (done.failed()) {
                timers.record(started, null, Result.FAILED);
              } else {
                Candidates found = done.result();
                timers.record(
                    started,
                    found.servedBy(),
                    found.records().isEmpty() ? Result.ABSENT : Result.FOUND);
              }
            });
  }
}
