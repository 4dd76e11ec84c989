package jp.jukihub.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import jp.jukihub.gateway.authorisation.LawfulUse;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.authorisation.ServiceRight;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.identity.source.Found;
import jp.jukihub.identity.source.ServedBy;
import jp.jukihub.number.LgCode;
import jp.jukihub.person.Sex;
import org.junit.jupiter.api.Test;

/** An encoded answer is served again only for the same row, person version, tier and go-live. */
class LookupAnswersTest {
  static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");
  static final LawfulUse PENSION = use("t1-national-pension");
  static final LawfulUse TAX = use("t1-tax");

  final LookupAnswers answers =
      new LookupAnswers(100, Duration.ofMinutes(1), new SimpleMeterRegistry());
  final AtomicInteger encodings = new AtomicInteger();
  final List<String> released = new ArrayList<>();

  @Test
  void should_answer_from_the_cache_when_the_same_row_asks_about_the_same_version() {
    Found found = found(1, 3, AT, ServedBy.NATIONAL);

    String first = answer(PENSION, found, true);
    String again = answer(PENSION, found(1, 3, AT, ServedBy.NATIONAL), true);

    assertThat(again).isEqualTo(first);
    assertThat(encodings).as("encoded once").hasValue(1);
    assertThat(released).containsExactly("name", "name");
  }

  @Test
  void should_encode_again_when_anything_the_answer_depends_on_differs() {
    answer(PENSION, found(1, 3, AT, ServedBy.NATIONAL), true);

    answer(TAX, found(1, 3, AT, ServedBy.NATIONAL), true);
    answer(PENSION, found(2, 3, AT, ServedBy.NATIONAL), true);
    answer(PENSION, found(1, 4, AT, ServedBy.NATIONAL), true);
    // A reconcile rewrites a tier's row at the same version, with a new time.
    answer(PENSION, found(1, 3, AT.plusSeconds(1), ServedBy.NATIONAL), true);
    answer(PENSION, found(1, 3, AT, ServedBy.PREFECTURE_FALLBACK), true);
    answer(PENSION, found(1, 3, AT, ServedBy.NATIONAL), false);

    assertThat(encodings).hasValue(7);
  }

  private String answer(LawfulUse use, Found found, boolean numbersLive) {
    return answers
        .answer(
            use,
            found,
            numbersLive,
            released::addAll,
            () -> {
              int n = encodings.incrementAndGet();
              return Future.succeededFuture(
                  new LookupAnswers.Encoded(
                      ("{\"n\":" + n + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                      List.of("name")));
            })
        .result()
        .body()
        .toString();
  }

  private static Found found(long personId, int version, Instant updatedAt, ServedBy by) {
    return new Found(
        new IdentityRecord(
            personId,
            LgCode.of("131016"),
            "R" + personId,
            null,
            "山田\u3000花子",
            "ヤマダ\u3000ハナコ",
            LocalDate.of(1990, 1, 1),
            Sex.FEMALE,
            "九段南1丁目",
            "current",
            version,
            updatedAt,
            null,
            null,
            null),
        by);
  }

  private static LawfulUse use(String id) {
    return new ServiceRight(
        id, "jps", body -> true, "law", "affair", Scope.NATIONWIDE, Set.of("name"), "no");
  }
}
