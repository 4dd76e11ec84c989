package jp.jukihub.identity.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.tiers.IdentityInvalidations.Invalidation;
import org.junit.jupiter.api.Test;

class IdentityCacheTest {
  final IdentityCache cache =
      new IdentityCache("national", 100, Duration.ofMinutes(1), new SimpleMeterRegistry());

  private void keep(String key, long person) {
    IdentityRecord record = FakeTier.person(person, 1, "current");
    cache.get(key, () -> Future.succeededFuture(Optional.of(record)));
  }

  /** Whether {@code key} is answered from the cache (a load would say so). */
  private boolean cached(String key) {
    boolean[] loaded = {false};
    cache.get(
        key,
        () -> {
          loaded[0] = true;
          return Future.succeededFuture(Optional.empty());
        });
    return !loaded[0];
  }

  private void changed(long... persons) {
    cache.invalidate(new Invalidation("national", persons, false));
  }

  @Test
  void should_drop_every_key_of_a_changed_person_and_keep_the_others() {
    keep("n:1", 1);
    keep("r:1", 1);
    keep("13n:1", 1);
    keep("n:2", 2);

    changed(1);

    assertThat(cached("n:1")).isFalse();
    assertThat(cached("r:1")).isFalse();
    assertThat(cached("13n:1")).isFalse();
    assertThat(cached("n:2")).isTrue();
  }

  @Test
  void should_drop_a_key_with_the_person_it_names_now() {
    keep("n:7", 1);
    changed(1);
    keep("n:7", 2); // read again after the change: the number is person 2's now (a reissue)

    changed(1);
    assertThat(cached("n:7")).as("person 1's next change leaves person 2's entry").isTrue();

    changed(2);
    assertThat(cached("n:7")).isFalse();
  }

  @Test
  void should_drop_everything_on_a_repair() {
    keep("n:1", 1);
    keep("n:2", 2);

    cache.invalidate(new Invalidation("national", new long[0], true));

    assertThat(cached("n:1")).isFalse();
    assertThat(cached("n:2")).isFalse();
  }

  @Test
  void should_leave_a_change_of_another_tier_to_that_tiers_notice() {
    keep("n:1", 1);

    cache.invalidate(new Invalidation("prefecture", new long[] {1}, false));

    assertThat(cached("n:1")).isTrue();
  }
}
