package jp.jukihub.identity.source;

import static jp.jukihub.identity.source.FakeTier.KEY;
import static jp.jukihub.identity.source.FakeTier.found;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.register.GoLive;
import jp.jukihub.testing.MutableClock;
import org.junit.jupiter.api.Test;

class GoLiveGateTest {
  static final Instant GO_LIVE = Instant.parse("2016-01-01T00:00:00Z");

  final MutableClock clock = new MutableClock(GO_LIVE.minusSeconds(1));
  final FakeTier tier = new FakeTier().finding(found(1, 1, "current", ServedBy.NATIONAL));
  final GoLiveGate gate = new GoLiveGate(new GoLive(GO_LIVE), clock, tier);

  @Test
  void should_resolve_no_my_number_before_go_live_without_asking_a_tier() {
    assertThat(gate.find(KEY, Reach.NONE).result()).isEmpty();
    assertThat(tier.reads).isZero();
  }

  @Test
  void should_resolve_resident_codes_before_go_live() {
    IdentityKey code = new IdentityKey(IdentityKey.Kind.RESIDENT_CODE, "12345678901");

    assertThat(gate.find(code, Reach.NONE).result()).isPresent();
  }

  @Test
  void should_resolve_my_numbers_from_go_live() {
    clock.advance(Duration.ofSeconds(1));

    assertThat(gate.find(KEY, Reach.NONE).result()).isPresent();
  }
}
