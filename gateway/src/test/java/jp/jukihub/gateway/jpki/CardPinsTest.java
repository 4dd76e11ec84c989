package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The card PINs' rules, and that a refusal never repeats the PIN. */
class CardPinsTest {

  @Test
  void should_accept_a_signing_pin_of_letters_and_digits_and_a_four_digit_authentication_pin() {
    CardPins pins = new CardPins("ABC123".toCharArray(), "0000".toCharArray());
    assertThat(pins.toString()).doesNotContain("ABC123").doesNotContain("0000");
    pins.clear();
    assertThat(pins.sign()).containsOnly('\0');
    assertThat(pins.auth()).containsOnly('\0');
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ABCDEF", "123456", "abc123", "AB12", "ABCDEFGH123456789", "ABC-123", "ＡＢＣ１２３"})
  void should_refuse_a_signing_pin_that_breaks_a_rule_without_echoing_it(String pin) {
    assertThatThrownBy(() -> new CardPins(pin.toCharArray(), "1234".toCharArray()))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PIN);
              assertThat(e.detail()).startsWith("signPin").doesNotContain(pin);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"123", "12345", "12a4", "１２３４"})
  void should_refuse_an_authentication_pin_that_is_not_four_digits(String pin) {
    assertThatThrownBy(() -> new CardPins("ABC123".toCharArray(), pin.toCharArray()))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PIN);
              assertThat(e.detail()).startsWith("authPin").doesNotContain(pin);
            });
  }
}
