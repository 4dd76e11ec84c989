package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The held answers' rules, without a store: a later answer always wins, refreshes only replace what
 * is held, another CA's answer is never served, and the heap they take stays within the bound.
 */
class PresignedAnswersTest {
  private static final JpkiAuthority.Type SIGN = JpkiAuthority.Type.SIGN;
  private static final Instant EARLIER = Instant.parse("2026-12-07T01:00:00Z");
  private static final Instant LATER = EARLIER.plusMillis(1);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private PresignedAnswers bounded(long bytes) {
    return new PresignedAnswers(null, bytes, Clock.systemUTC(), registry);
  }

  @Test
  void should_keep_the_later_answer_whichever_arrives_first() {
    PresignedAnswers answers = bounded(1 << 20);
    byte[] good = answer(1);
    byte[] revoked = answer(2);

    answers.hold(SIGN, 7, revoked, LATER);
    answers.hold(SIGN, 7, good, EARLIER);
    assertThat(answers.presigned(SIGN, 7))
        .as("an earlier answer never replaces a later")
        .isSameAs(revoked);

    answers.hold(SIGN, 8, good, EARLIER);
    answers.hold(SIGN, 8, revoked, LATER);
    assertThat(answers.presigned(SIGN, 8)).isSameAs(revoked);
  }

  @Test
  void should_replace_only_what_is_held_when_refreshing() {
    PresignedAnswers answers = bounded(1 << 20);
    answers.hold(SIGN, 1, answer(1), EARLIER);

    answers.replaceHeld(SIGN, 1, answer(2), LATER);
    answers.replaceHeld(SIGN, 2, answer(3), LATER);

    assertThat(answers.presigned(SIGN, 1)).isEqualTo(answer(2));
    assertThat(answers.presigned(SIGN, 2)).as("not held before: not held now").isNull();
    assertThat(answers.size()).isOne();
  }

  @Test
  void should_not_serve_an_answer_to_a_query_naming_the_other_ca() {
    PresignedAnswers answers = bounded(1 << 20);
    answers.hold(SIGN, 5, answer(1), EARLIER);

    assertThat(answers.presigned(JpkiAuthority.Type.AUTH, 5)).isNull();
    assertThat(answers.presigned(SIGN, 5)).isNotNull();
  }

  @Test
  void should_keep_the_weight_held_within_the_bound_and_say_when_full() {
    int weight = PresignedAnswers.weightOf(answer(0));
    long bound = 100L * weight;
    PresignedAnswers answers = bounded(bound);
    assertThat(answers.full()).isFalse();

    for (long serial = 1; serial <= 1_000; serial++) {
      answers.hold(SIGN, serial, answer(serial), EARLIER);
    }
    answers.cleanUp();

    assertThat(answers.heldBytes()).isLessThanOrEqualTo(bound);
    assertThat(answers.size()).isBetween(90L, 100L);
    assertThat(answers.full()).isTrue();
    assertThat(registry.get("hub.jpki.ocsp.held.bytes").gauge().value())
        .isEqualTo((double) answers.heldBytes());
  }

  @Test
  void should_hold_nothing_when_the_bound_is_zero() {
    PresignedAnswers answers = bounded(0);

    answers.hold(SIGN, 1, answer(1), EARLIER);
    answers.cleanUp();

    assertThat(answers.presigned(SIGN, 1)).isNull();
    assertThat(answers.full()).as("nothing to load at start").isTrue();
  }

  /** A stand-in for a DER answer of a realistic length, distinct per seed. */
  private static byte[] answer(long seed) {
    byte[] der = new byte[550];
    Arrays.fill(der, (byte) seed);
    return der;
  }
}
