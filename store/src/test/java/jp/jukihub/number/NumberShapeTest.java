package jp.jukihub.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NumberShapeTest {

  static Stream<Arguments> malformed() {
    Function<String, Object> my = MyNumber::of;
    Function<String, Object> corp = CorporateNumber::of;
    Function<String, Object> lg = LgCode::of;
    Function<String, Object> rc = ResidentCode::of;
    return Stream.of(
        Arguments.of(
            "My Number too short", my, "37296774233", ErrorCode.INVALID_MY_NUMBER, "length:"),
        Arguments.of(
            "My Number too long", my, "3729677423380", ErrorCode.INVALID_MY_NUMBER, "length:"),
        Arguments.of(
            "My Number with hyphen", my, "3729-6774233", ErrorCode.INVALID_MY_NUMBER, "non-digit:"),
        Arguments.of(
            "My Number full-width", my, "３７２９６７７４２３３８", ErrorCode.INVALID_MY_NUMBER, "non-digit:"),
        Arguments.of("My Number missing", my, null, ErrorCode.INVALID_MY_NUMBER, "length:"),
        Arguments.of(
            "corporate too short",
            corp,
            "700001205000",
            ErrorCode.INVALID_CORPORATE_NUMBER,
            "length:"),
        Arguments.of(
            "corporate letters",
            corp,
            "70000120500O2",
            ErrorCode.INVALID_CORPORATE_NUMBER,
            "non-digit:"),
        Arguments.of("LgCode five digits", lg, "13101", ErrorCode.INVALID_LG_CODE, "length:"),
        Arguments.of(
            "LgCode prefecture 00", lg, "000001", ErrorCode.INVALID_LG_CODE, "prefecture:"),
        Arguments.of(
            "LgCode prefecture 48", lg, "481009", ErrorCode.INVALID_LG_CODE, "prefecture:"),
        Arguments.of(
            "resident code spaces",
            rc,
            "1234 678901",
            ErrorCode.INVALID_RESIDENT_CODE,
            "non-digit:"),
        Arguments.of(
            "resident code check",
            rc,
            "12345678901",
            ErrorCode.INVALID_RESIDENT_CODE,
            "check digit:"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void should_name_the_failed_check_when_a_number_is_malformed(
      String name, Function<String, Object> parse, String input, ErrorCode code, String prefix) {
    assertThatThrownBy(() -> parse.apply(input))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageStartingWith(prefix);
  }

  @Test
  void should_never_echo_the_number_when_rejecting_it() {
    assertThatThrownBy(() -> MyNumber.of("372967742339")).hasMessageNotContaining("37296774233");
    assertThatThrownBy(() -> ResidentCode.of("12345678901")).hasMessageNotContaining("1234567890");
  }

  @Test
  void should_use_check_digit_zero_when_remainder_is_one_or_zero() {
    // 00000000006: sum = 6*2 = 12, r = 1 -> 0.   00000000000: r = 0 -> 0.
    assertThat(MyNumber.fromBase(6).value()).isEqualTo("000000000060");
    assertThat(MyNumber.fromBase(0).value()).isEqualTo("000000000000");
    // 00000000001: sum = 2, r = 2 -> 9.
    assertThat(MyNumber.fromBase(1).value()).isEqualTo("000000000019");
  }

  @Test
  void should_give_check_digit_one_for_remainder_zero_in_lg_codes_unlike_my_number() {
    // 札幌市中央区 01101: 0*6+1*5+1*4+0*3+1*2 = 11, r = 0 -> (11 - 0) mod 10 = 1.
    assertThat(LgCode.fromFiveDigits("01101").value()).isEqualTo("011011");
  }

  @Test
  void should_round_trip_every_generated_code_through_validation() {
    for (long base : new long[] {0L, 1L, 42L, 9_999_999_999L, 1_234_567_890L}) {
      ResidentCode code = ResidentCode.fromBase(base);
      assertThat(ResidentCode.of(code.value())).isEqualTo(code);
    }
    for (long base : new long[] {0L, 37_296_774_233L, 99_999_999_999L}) {
      MyNumber number = MyNumber.fromBase(base);
      assertThat(MyNumber.of(number.value())).isEqualTo(number);
    }
    assertThat(MyNumber.fromBase(37_296_774_233L).value()).isEqualTo("372967742338");
  }

  @Test
  void should_mask_secret_numbers_when_printed() {
    assertThat(MyNumber.of("372967742338").toString()).doesNotContain("37296774");
    assertThat(ResidentCode.fromBase(1_234_567_890L).toString()).doesNotContain("1234567");
  }

  @Test
  void should_accept_national_tax_agency_corporate_number_when_check_digit_is_first() {
    assertThat(CorporateNumber.of("7000012050002").value()).isEqualTo("7000012050002");
    assertThatThrownBy(() -> CorporateNumber.of("6000012050002"))
        .hasMessage("check digit: corporate number starts with 6 but its check digit is 7");
  }
}
