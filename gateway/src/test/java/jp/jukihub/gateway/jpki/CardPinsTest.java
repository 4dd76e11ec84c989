package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo bundles' passphrase rules (strong enough for offline guessing), and that a refusal never
 * repeats the passphrase.
 */
class CardPinsTest {
  static final String SIGN = "demo-sign-ABC123";
  static final String AUTH = "demo-auth-1234";

  @Test
  void should_accept_passphrases_of_twelve_or_more_characters_not_all_digits() {
    CardPins pins = new CardPins(SIGN.toCharArray(), AUTH.toCharArray());
    assertThat(pins.toString()).doesNotContain(SIGN).doesNotContain(AUTH);
    pins.clear();
    assertThat(pins.sign()).containsOnly('\0');
    assertThat(pins.auth()).containsOnly('\0');
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ABC123",
        "1234",
        "123456789012",
        "1234567890123456",
        "short-11chr",
        "ＡＢＣ１２３ＡＢＣ１２３",
        "tab\there-is-long"
      })
  void should_refuse_a_passphrase_that_breaks_a_rule_without_echoing_it(String pin) {
    assertThatThrownBy(() -> new CardPins(pin.toCharArray(), AUTH.toCharArray()))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PIN);
              assertThat(e.detail()).startsWith("signPin").doesNotContain(pin);
            });
    assertThatThrownBy(() -> new CardPins(SIGN.toCharArray(), pin.toCharArray()))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PIN);
              assertThat(e.detail()).startsWith("authPin").doesNotContain(pin);
            });
  }

  @Test
  void should_refuse_a_passphrase_longer_than_64_characters() {
    assertThatThrownBy(() -> new CardPins("a".repeat(65).toCharArray(), AUTH.toCharArray()))
        .isInstanceOf(HubException.class);
  }
}
