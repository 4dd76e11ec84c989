package jp.jukihub.identity.source;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;
import jp.jukihub.identity.IdentityChange;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.identity.TierReader;

/**
 * A person's changes from the tier that found them (a fallback's from the person's prefecture), up
 * to the version found.
 */
final class TierChanges implements ChangeSource {
  private final TierReader national;
  private final Function<String, TierReader> prefecture;
  private final TierReader municipal;

  TierChanges(TierReader national, Function<String, TierReader> prefecture, TierReader municipal) {
    this.national = national;
    this.prefecture = prefecture;
    this.municipal = municipal;
  }

  @Override
  public Future<List<IdentityChange>> changes(Found found) {
    IdentityRecord record = found.record();
    return read(found)
        .map(all -> all.stream().filter(change -> change.version() <= record.version()).toList());
  }

  private Future<List<IdentityChange>> read(Found found) {
    IdentityRecord record = found.record();
    return switch (found.servedBy()) {
      case NATIONAL -> national.changes(record.personId(), null);
      case PREFECTURE, PREFECTURE_FALLBACK -> {
        String code = record.municipality().prefectureCode();
        yield prefecture.apply(code).changes(record.personId(), code);
      }
      case MUNICIPAL -> municipal.changes(record.personId(), record.municipality().value());
    };
  }
}
