package jp.jukihub.number;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.function.Function;
import jp.jukihub.error.HubException;

/**
 * Every parser of outside input either accepts a value (which then round-trips unchanged) or
 * refuses it with a {@link HubException}: never another exception, never a message that echoes the
 * input. Runs its seed corpus in every build; {@code JAZZER_FUZZ=1 ./mvnw -pl store test
 * -Dtest=NumberParsersFuzzTest} fuzzes for real.
 */
class NumberParsersFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void should_accept_or_refuse_cleanly_when_given_any_text(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    check(input, MyNumber::of, MyNumber::value);
    check(input, CorporateNumber::of, CorporateNumber::value);
    check(input, LgCode::of, LgCode::value);
    check(input, ResidentCode::of, ResidentCode::value);
  }

  private static <T> void check(String input, Function<String, T> parse, Function<T, String> text) {
    T parsed;
    try {
      parsed = parse.apply(input);
    } catch (HubException refused) {
      if (input != null && input.length() >= 6) {
        assertThat(refused.detail()).doesNotContain(input);
      }
      return;
    }
    assertThat(text.apply(parsed)).isEqualTo(input);
  }
}
