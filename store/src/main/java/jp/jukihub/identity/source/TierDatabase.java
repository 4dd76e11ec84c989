package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Function;
import jp.jukihub.identity.FourInfoQuery;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.identity.TierReader;

/**
 * The end of a chain: one tier's database. The reach's area picks the reader (a prefecture's
 * server) and scopes the read; the national tier takes none.
 */
final class TierDatabase implements TierSource {
  private final Function<String, TierReader> readers;
  private final ServedBy servedBy;

  TierDatabase(Function<String, TierReader> readers, ServedBy servedBy) {
    this.readers = readers;
    this.servedBy = servedBy;
  }

  /** A tier with one reader for every area. */
  static TierDatabase of(TierReader reader, ServedBy servedBy) {
    return new TierDatabase(area -> reader, servedBy);
  }

  @Override
  public Future<Optional<Found>> find(IdentityKey key, Reach reach) {
    return readers
        .apply(reach.area())
        .find(key, reach.area())
        .map(found -> found.map(record -> new Found(record, servedBy)));
  }

  @Override
  public Future<Candidates> search(FourInfoQuery query, Reach reach, int limit) {
    return readers
        .apply(reach.area())
        .search(query, reach.area(), limit)
        .map(found -> new Candidates(found, servedBy));
  }
}
