package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.found;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;
import jp.jukihub.identity.IdentityChange;
import org.junit.jupiter.api.Test;

class CachedChangesTest {
  static final List<IdentityChange> CHANGES =
      List.of(new IdentityChange(1, "birth", List.of(), "出生", LocalDate.of(1990, 1, 1)));

  final Cache<String, List<IdentityChange>> cache = Caffeine.newBuilder().maximumSize(10).build();
  int reads;
  final CachedChanges source =
      new CachedChanges(
          cache,
          found -> {
            reads++;
            return Future.succeededFuture(CHANGES);
          });

  @Test
  void should_read_a_version_s_changes_once() {
    Found found = found(1, 1, "current", ServedBy.NATIONAL);

    source.changes(found);

    assertThat(source.changes(found).result()).isEqualTo(CHANGES);
    assertThat(reads).isEqualTo(1);
  }

  @Test
  void should_read_again_for_a_new_version_or_another_tier() {
    source.changes(found(1, 1, "current", ServedBy.NATIONAL));
    source.changes(found(1, 2, "current", ServedBy.NATIONAL));
    source.changes(found(1, 2, "current", ServedBy.PREFECTURE_FALLBACK));

    assertThat(reads).isEqualTo(3);
  }
}
