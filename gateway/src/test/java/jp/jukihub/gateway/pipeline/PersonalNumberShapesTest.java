package jp.jukihub.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonalNumberShapesTest {
  @ParameterizedTest
  @CsvSource({
    "123456789012, true",
    "12345678901, true",
    "1234567890, false",
    "1234-5678-9012, true",
    "1234.5678.901, true",
    "1234_5678_9012, true",
    "1234--5678-9012, false",
    "req-1234-5678-901, true",
    "op-12345-67890, false",
    "-12345678901-, true",
    "2026-12-07T05:00:00Z, false",
    "clerk-1, false",
  })
  void should_find_a_personal_number_shape_when_eleven_digits_are_at_most_one_separator_apart(
      String token, boolean holds) {
    assertThat(PersonalNumberShapes.holdsOne(token)).as(token).isEqualTo(holds);
  }

  @Test
  void should_judge_as_the_written_rule_when_tokens_are_random() {
    // The rule as a regular expression: eleven or more digits, each pair at most one separator
    // apart. The scan must agree with it on every token.
    Pattern rule = Pattern.compile("[0-9](?:[-._]?[0-9]){10,}");
    Random random = new Random(20261207L);
    String alphabet = "0123456789-._a";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder token = new StringBuilder();
      int length = random.nextInt(30);
      for (int j = 0; j < length; j++) {
        // Mostly digits, so that long groups are common.
        token.append(
            random.nextInt(4) == 0
                ? alphabet.charAt(10 + random.nextInt(4))
                : alphabet.charAt(random.nextInt(10)));
      }
      String text = token.toString();
      assertThat(PersonalNumberShapes.holdsOne(text)).as(text).isEqualTo(rule.matcher(text).find());
    }
  }
}
