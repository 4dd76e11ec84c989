package jp.jukihub.gateway.jpki;

import java.util.Arrays;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * The passphrases of the demo's PKCS#12 bundles (fields {@code signPin} and {@code authPin}), used
 * only where the hub makes a card's keys itself. A real card's PINs are short because the chip
 * locks after a few tries; a bundle handed out as a file has no such lock, so a 4-digit PIN would
 * fall to 10,000 offline guesses. Each passphrase is therefore 12-64 printable ASCII characters and
 * not all digits. They are never kept, logged or echoed in an error.
 */
public record CardPins(char[] sign, char[] auth) {
  static final int MIN_LENGTH = 12;
  static final int MAX_LENGTH = 64;

  public CardPins {
    if (!strong(sign)) {
      throw new HubException(ErrorCode.INVALID_PIN, "signPin: " + RULE);
    }
    if (!strong(auth)) {
      throw new HubException(ErrorCode.INVALID_PIN, "authPin: " + RULE);
    }
  }

  private static final String RULE =
      "the bundle's passphrase: "
          + MIN_LENGTH
          + "-"
          + MAX_LENGTH
          + " printable ASCII characters, not all digits";

  /** Overwrites both passphrases once the bundles are written. */
  public void clear() {
    Arrays.fill(sign, '\0');
    Arrays.fill(auth, '\0');
  }

  @Override
  public String toString() {
    return "CardPins(***)";
  }

  private static boolean strong(char[] pin) {
    if (pin == null || pin.length < MIN_LENGTH || pin.length > MAX_LENGTH) {
      return false;
    }
    boolean other = false;
    for (char c : pin) {
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
      if (c < '0' || c > '9') {
        other = true;
      }
    }
    return other;
  }
}
