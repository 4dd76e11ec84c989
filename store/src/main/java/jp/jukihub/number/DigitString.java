package jp.jukihub.number;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/** The shape checks every code shares: exact length, ASCII digits only. Run before any checksum. */
final class DigitString {
  private DigitString() {}

  /**
   * Returns the digits of {@code value} after checking its length and characters. Messages name the
   * failed check first ("length", "non-digit") and never echo the value itself.
   */
  static int[] require(String value, int length, ErrorCode code, String what) {
    if (value == null) {
      throw new HubException(code, "length: " + what + " is missing");
    }
    if (value.length() != length) {
      throw new HubException(
          code,
          "length: "
              + what
              + " must be "
              + length
              + " digits, got "
              + value.length()
              + " characters");
    }
    int[] digits = new int[length];
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new HubException(
            code,
            "non-digit: " + what + " must contain only digits 0-9 (position " + (i + 1) + ")");
      }
      digits[i] = c - '0';
    }
    return digits;
  }

  /**
   * A failed checksum; {@code where} says where the check digit sits ("ends in", "starts with").
   */
  static HubException checkDigitMismatch(
      ErrorCode code, String what, String where, int actual, int expected) {
    return new HubException(
        code,
        "check digit: "
            + what
            + " "
            + where
            + " "
            + actual
            + " but its check digit is "
            + expected);
  }

  /** {@code base} as {@code length - 1} digits, leading zeros kept, with room for a check digit. */
  static int[] digitsWithRoomForCheck(long base, int length) {
    int[] digits = new int[length];
    long rest = base;
    for (int i = length - 2; i >= 0; i--) {
      digits[i] = (int) (rest % 10);
      rest /= 10;
    }
    return digits;
  }

  static String text(int[] digits) {
    char[] chars = new char[digits.length];
    for (int i = 0; i < digits.length; i++) {
      chars[i] = (char) ('0' + digits[i]);
    }
    return new String(chars);
  }
}
