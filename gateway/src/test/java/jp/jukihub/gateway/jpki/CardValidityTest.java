package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CardValidityTest {

  // Expected ends are written in UTC: 23:59:59 in Japan (UTC+9) is 14:59:59Z the same day.
  @ParameterizedTest(name = "born {0}, issued {1}: {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          1990-06-15 | 2024-06-13T03:00:00Z | 2028-06-15T14:59:59Z | two days before the birthday
          1990-06-15 | 2024-06-14T03:00:00Z | 2028-06-15T14:59:59Z | the day before the birthday
          1990-06-15 | 2024-06-15T03:00:00Z | 2029-06-15T14:59:59Z | on the birthday, which does not count
          1990-06-15 | 2024-06-16T03:00:00Z | 2029-06-15T14:59:59Z | the day after the birthday
          1990-06-15 | 2024-06-14T14:59:59Z | 2028-06-15T14:59:59Z | 23:59:59 in Japan the day before
          1990-06-15 | 2024-06-14T15:00:00Z | 2029-06-15T14:59:59Z | midnight in Japan on the birthday, still the 14th in UTC
          1980-01-01 | 2024-12-31T03:00:00Z | 2029-01-01T14:59:59Z | the first birthday falls in the next year
          2024-05-01 | 2024-05-01T03:00:00Z | 2029-05-01T14:59:59Z | a newborn on the day of birth
          2000-02-29 | 2024-03-01T03:00:00Z | 2029-02-28T14:59:59Z | Feb 29, the 5th birthday in a common year
          2000-02-29 | 2023-03-01T03:00:00Z | 2028-02-29T14:59:59Z | Feb 29, the 5th birthday in a leap year
          2000-02-29 | 2024-02-28T03:00:00Z | 2028-02-29T14:59:59Z | Feb 29, the day before in a leap year
          2000-02-29 | 2024-02-29T03:00:00Z | 2029-02-28T14:59:59Z | Feb 29, on the birthday in a leap year
          2000-02-29 | 2023-02-27T03:00:00Z | 2027-02-28T14:59:59Z | Feb 29, the day before Feb 28 in a common year
          2000-02-29 | 2023-02-28T03:00:00Z | 2028-02-29T14:59:59Z | Feb 29, on Feb 28 in a common year, which is the birthday
          """)
  void should_end_on_the_5th_birthday_after_issuance_in_japan_when_issued(
      LocalDate birthDate, Instant issuedAt, Instant expected, String why) {
    assertThat(CardValidity.notAfter(birthDate, issuedAt)).isEqualTo(expected);
  }

  @Test
  void should_refuse_when_the_holder_is_born_after_issuance() {
    assertThatThrownBy(
            () ->
                CardValidity.notAfter(
                    LocalDate.of(2024, 6, 16), Instant.parse("2024-06-15T03:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
