package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.KEY;
import static jp.jukihub.identity.source.FakeTier.found;
import static jp.jukihub.identity.source.NationalBreakerTest.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import jp.jukihub.tiers.IdentityInvalidations.Invalidation;
import org.junit.jupiter.api.Test;

class CachedTierTest {
  final IdentityCache cache =
      new IdentityCache("national", 100, Duration.ofMinutes(1), new SimpleMeterRegistry());

  @Test
  void should_answer_a_second_read_from_the_cache_as_the_tier_it_caches() {
    FakeTier tier = new FakeTier().finding(found(1, 2, "current", ServedBy.NATIONAL));
    CachedTier source = new CachedTier(cache, ServedBy.NATIONAL, tier);

    source.find(KEY, Reach.NONE);
    Found hit = source.find(KEY, Reach.NONE).result().orElseThrow();

    assertThat(hit.servedBy()).isEqualTo(ServedBy.NATIONAL);
    assertThat(hit.record().personId()).isEqualTo(1);
    assertThat(tier.reads).isEqualTo(1);
  }

  @Test
  void should_keep_unknown_keys_too() {
    FakeTier tier = new FakeTier().findingNobody();
    CachedTier source = new CachedTier(cache, ServedBy.NATIONAL, tier);

    source.find(KEY, Reach.NONE);

    assertThat(source.find(KEY, Reach.NONE).result()).isEmpty();
    assertThat(tier.reads).isEqualTo(1);
  }

  @Test
  void should_keep_nothing_of_a_failed_read() {
    FakeTier tier =
        new FakeTier().failing(unavailable()).finding(found(1, 2, "current", ServedBy.NATIONAL));
    CachedTier source = new CachedTier(cache, ServedBy.NATIONAL, tier);

    assertThat(source.find(KEY, Reach.NONE).failed()).isTrue();
    assertThat(source.find(KEY, Reach.NONE).result()).isPresent();
    assertThat(tier.reads).isEqualTo(2);
  }

  @Test
  void should_keep_each_area_of_a_scoped_tier_apart() {
    FakeTier tier = new FakeTier().finding(found(1, 2, "current", ServedBy.PREFECTURE));
    CachedTier source = new CachedTier(cache, ServedBy.PREFECTURE, tier);

    source.find(KEY, Reach.prefecture("13"));
    source.find(KEY, Reach.prefecture("27"));

    assertThat(tier.reads).isEqualTo(2);
    assertThat(tier.lastReach).isEqualTo(Reach.prefecture("27"));
  }

  @Test
  void should_read_the_tier_again_once_the_person_changed() {
    FakeTier tier = new FakeTier().finding(found(1, 2, "current", ServedBy.NATIONAL));
    CachedTier source = new CachedTier(cache, ServedBy.NATIONAL, tier);
    source.find(KEY, Reach.NONE);

    cache.invalidate(new Invalidation("national", new long[] {1L}, false));
    source.find(KEY, Reach.NONE);

    assertThat(tier.reads).isEqualTo(2);
  }
}
