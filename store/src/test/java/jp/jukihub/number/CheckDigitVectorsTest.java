package jp.jukihub.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/** Every published vector in {@code shared/data} (copied to test resources), one case per row. */
class CheckDigitVectorsTest {

  @ParameterizedTest(name = "{1} {0} valid={2}")
  @CsvFileSource(resources = "/vectors/mynumber_vectors.csv", numLinesToSkip = 1)
  void should_agree_with_published_vector_when_validating_individual_and_corporate_numbers(
      String number, String kind, boolean valid) {
    Runnable parse =
        kind.equals("individual") ? () -> MyNumber.of(number) : () -> CorporateNumber.of(number);
    ErrorCode code =
        kind.equals("individual")
            ? ErrorCode.INVALID_MY_NUMBER
            : ErrorCode.INVALID_CORPORATE_NUMBER;
    if (valid) {
      assertThatCode(parse::run).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(parse::run)
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(code))
          .hasMessageStartingWith("check digit:");
    }
  }

  @ParameterizedTest(name = "{0} valid={1}")
  @CsvFileSource(resources = "/vectors/lgcode_checkdigit_vectors.csv", numLinesToSkip = 1)
  void should_agree_with_published_vector_when_validating_lg_codes(String code, boolean valid) {
    if (valid) {
      assertThat(LgCode.of(code).value()).isEqualTo(code);
      assertThat(LgCode.fromFiveDigits(code.substring(0, 5))).isEqualTo(LgCode.of(code));
    } else {
      assertThatThrownBy(() -> LgCode.of(code))
          .isInstanceOfSatisfying(
              HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_LG_CODE))
          .hasMessageStartingWith("check digit:");
    }
  }

  /** The NTA register's numbers of two local governments (Tokyo, Osaka prefecture). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"130001, 8000020130001", "270008, 4000020270008"})
  void should_derive_a_local_governments_corporate_number_from_its_code(
      String lgCode, String corporateNumber) {
    assertThat(CorporateNumber.ofLocalGovernment(LgCode.of(lgCode)).value())
        .isEqualTo(corporateNumber);
  }
}
