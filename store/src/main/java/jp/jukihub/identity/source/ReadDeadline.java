package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.Optional;
import jp.jukihub.database.SqlFailures;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityKey;

/**
 * The outermost link: a read not answered within {@link #MILLIS} fails with 503 {@code
 * STORE_UNAVAILABLE}. The links inside give up on a database that refuses; a database that hangs
 * (stuck storage, a frozen server) neither answers nor refuses, and would hold the request, and its
 * caller, until TCP gives up. Within the hub's promised 2 s: by then the audit writer, stuck on the
 * same server, has refused for a while already (it gives up after {@code
 * audit.commitTimeoutMillis}, 1 s), so the refusal's own record fails at once.
 */
final class ReadDeadline implements IdentitySource, CandidateSource {
  static final long MILLIS = 1_200;

  private final IdentitySource finds;
  private final CandidateSource searches;
  private final long millis;

  private ReadDeadline(IdentitySource finds, CandidateSource searches, long millis) {
    this.finds = finds;
    this.searches = searches;
    this.millis = millis;
  }

  static IdentitySource finds(IdentitySource next) {
    return finds(next, MILLIS);
  }

  static CandidateSource searches(CandidateSource next) {
    return searches(next, MILLIS);
  }

  static IdentitySource finds(IdentitySource next, long millis) {
    return new ReadDeadline(next, null, millis);
  }

  static CandidateSource searches(CandidateSource next, long millis) {
    return new ReadDeadline(null, next, millis);
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    return inTime(finds.find(key, reach));
  }

  @Override
  public Future<Candidates> search(FourInfoQuery query, Reach reach, int limit) {
    return inTime(searches.search(query, reach, limit));
  }

  private <T> Future<T> inTime(Future<T> read) {
    if (read.isComplete()) {
      return read; // a cached answer
    }
    return SqlFailures.within(millis, "the tiers did not answer in time", read);
  }
}
