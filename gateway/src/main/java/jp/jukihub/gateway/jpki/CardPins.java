package jp.jukihub.gateway.jpki;

import java.util.Arrays;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * The two PINs the holder chose at the counter: the signing PIN (6-16 upper-case letters and
 * digits, at least one of each) and the user-authentication PIN (4 digits). They protect the
 * PKCS#12 bundles and are never kept, logged or echoed in an error.
 */
public record CardPins(char[] sign, char[] auth) {
  public CardPins {
    if (!signingPin(sign)) {
      throw new HubException(
          ErrorCode.INVALID_PIN,
          "signPin: 6-16 upper-case letters A-Z and digits, with at least one of each");
    }
    if (!authenticationPin(auth)) {
      throw new HubException(ErrorCode.INVALID_PIN, "authPin: exactly 4 digits");
    }
  }

  /** Overwrites both PINs once the bundles are written. */
  public void clear() {
    Arrays.fill(sign, '\0');
    Arrays.fill(auth, '\0');
  }

  @Override
  public String toString() {
    return "CardPins(***)";
  }

  private static boolean signingPin(char[] pin) {
    if (pin == null || pin.length < 6 || pin.length > 16) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    for (char c : pin) {
      if (c >= 'A' && c <= 'Z') {
        letter = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        return false;
      }
    }
    return letter && digit;
  }

  private static boolean authenticationPin(char[] pin) {
    if (pin == null || pin.length != 4) {
      return false;
    }
    for (char c : pin) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
