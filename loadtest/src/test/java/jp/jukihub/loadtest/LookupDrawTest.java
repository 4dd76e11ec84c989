package jp.jukihub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import jp.jukihub.loadtest.LookupDraw.Lookup;
import jp.jukihub.number.MyNumber;
import org.junit.jupiter.api.Test;

class LookupDrawTest {
  static final Residents RESIDENTS =
      Residents.parse(
          List.of(
              "852221706974 131211",
              "011860262942 131016",
              "123456789018 272035",
              "000000000019 011002"));
  static final int DRAWS = 100_000;

  static List<Lookup> draws(LookupDraw.Failures failures) {
    LookupDraw draw = new LookupDraw(RESIDENTS, failures, new SplittableRandom(1));
    List<Lookup> lookups = new ArrayList<>();
    for (int i = 0; i < DRAWS; i++) {
      lookups.add(draw.draw());
    }
    return lookups;
  }

  static double share(List<Lookup> lookups, java.util.function.Predicate<Lookup> which) {
    return lookups.stream().filter(which).count() / (double) lookups.size();
  }

  @Test
  void should_give_national_bodies_the_seeds_share_when_drawing_valid_lookups() {
    List<Lookup> valid = draws(new LookupDraw.Failures(0, 0, 0));

    // 580 million against 8.6 million a year (seed 004).
    assertThat(share(valid, l -> LookupDraw.isNational(l.body())))
        .isCloseTo(580 / 588.6, within(0.002));
    assertThat(share(valid, l -> l.body().equals("jps")))
        .isGreaterThan(share(valid, l -> l.body().equals("nta")));
    assertThat(valid).allSatisfy(l -> assertThat(l.expectedStatus()).isEqualTo(200));
  }

  @Test
  void should_ask_about_subjects_in_scope_when_the_caller_is_a_local_government() {
    List<Lookup> lookups = draws(new LookupDraw.Failures(0, 0, 0));

    assertThat(lookups)
        .filteredOn(l -> l.body().equals("pref-13"))
        .isNotEmpty()
        .allSatisfy(
            l -> assertThat(l.myNumber()).isIn("852221706974", "011860262942")); // both in Tokyo
    assertThat(lookups)
        .filteredOn(l -> l.body().equals("lg-131016"))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l.myNumber()).isNotEqualTo("011860262942"));
  }

  @Test
  void should_expect_404_400_and_403_for_their_shares_when_failures_are_mixed_in() {
    List<Lookup> lookups = draws(new LookupDraw.Failures(0.02, 0.01, 0.01));

    assertThat(share(lookups, l -> l.expectedStatus() == 404)).isCloseTo(0.02, within(0.002));
    assertThat(share(lookups, l -> l.expectedStatus() == 400)).isCloseTo(0.01, within(0.002));
    assertThat(share(lookups, l -> l.expectedStatus() == 403)).isCloseTo(0.01, within(0.002));
    // A local government is told 403 out-of-scope for a number nobody holds, not 404.
    assertThat(lookups)
        .filteredOn(l -> l.expectedStatus() == 404)
        .allSatisfy(
            l -> {
              assertThat(LookupDraw.isNational(l.body())).isTrue();
              assertThat(MyNumber.of(l.myNumber()).value()).isEqualTo(l.myNumber());
            });
    assertThat(lookups)
        .filteredOn(l -> l.expectedStatus() == 400)
        .allSatisfy(
            l ->
                assertThatThrownBy(() -> MyNumber.of(l.myNumber()))
                    .isInstanceOf(RuntimeException.class));
    assertThat(lookups)
        .filteredOn(l -> l.expectedStatus() == 403)
        .allSatisfy(
            l -> {
              assertThat(l.expectedCode()).isEqualTo("AFFAIR_NOT_PERMITTED");
              assertThat(LookupDraw.VALID)
                  .noneMatch(
                      w ->
                          w.value().body().equals(l.body())
                              && w.value().affair().equals(l.affair()));
            });
  }

  @Test
  void should_send_the_same_lookups_when_the_seed_is_the_same() {
    assertThat(draws(new LookupDraw.Failures(0.02, 0.01, 0.01)).subList(0, 1000))
        .isEqualTo(draws(new LookupDraw.Failures(0.02, 0.01, 0.01)).subList(0, 1000));
  }

  @Test
  void should_refuse_a_feeder_line_when_it_is_not_a_number_and_a_code() {
    assertThatThrownBy(() -> Residents.parse(List.of("852221706974")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Residents.parse(List.of("")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
