package jp.jukihub.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void should_grant_the_burst_then_one_token_per_interval_and_say_how_long_to_wait() {
    AtomicLong now = new AtomicLong();
    TokenBucket bucket = new TokenBucket(10, 20, now::get); // 10 a second, 20 saved up

    for (int i = 0; i < 20; i++) {
      assertThat(bucket.take()).as("request %d of the burst", i + 1).isZero();
    }
    long wait = bucket.take();
    assertThat(wait).isEqualTo(100_000_000L); // a tenth of a second until the next token

    now.addAndGet(100_000_000L);
    assertThat(bucket.take()).isZero();
    assertThat(bucket.take()).isPositive();

    now.addAndGet(60_000_000_000L); // an idle minute saves up the burst, not more
    for (int i = 0; i < 20; i++) {
      assertThat(bucket.take()).isZero();
    }
    assertThat(bucket.take()).isPositive();
  }

  @Test
  void should_grant_a_share_of_the_rate_and_burst_and_never_less_than_one_token_of_burst() {
    AtomicLong now = new AtomicLong();
    TokenBucket half = new TokenBucket(10, 20, now::get);
    for (int i = 0; i < 10; i++) {
      assertThat(half.take(0.5)).as("request %d of half the burst", i + 1).isZero();
    }
    assertThat(half.take(0.5)).isEqualTo(200_000_000L); // 5 a second: a fifth of a second

    TokenBucket small = new TokenBucket(1, 2, now::get); // a third of 1 a second: 0.67 of burst
    assertThat(small.take(1.0 / 3)).isZero();
    assertThat(small.take(1.0 / 3)).isEqualTo(3_000_000_000L);
    now.addAndGet(3_000_000_000L);
    assertThat(small.take(1.0 / 3)).isZero();
  }
}
