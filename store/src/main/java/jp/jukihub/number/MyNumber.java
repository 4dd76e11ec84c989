package jp.jukihub.number;

import jp.jukihub.error.ErrorCode;

/**
 * 個人番号 (My Number): 11 digits and a check digit, 12 in all.
 *
 * <p>Check digit (総務省令第85号 art. 5): weights 6,5,4,3,2,7,6,5,4,3,2 over the first 11 digits, left to
 * right; r = sum mod 11; the check digit is 0 when r <= 1, else 11 - r.
 *
 * <p>{@link #toString()} masks the number so it cannot leak into a log line by accident; {@link
 * #value()} gives the digits where they are really needed.
 */
public final class MyNumber {
  public static final int LENGTH = 12;
  private static final int[] WEIGHTS = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

  private final String value;

  private MyNumber(String value) {
    this.value = value;
  }

  /** Parses and validates; throws {@code INVALID_MY_NUMBER} naming the failed check. */
  public static MyNumber of(String value) {
    int[] digits = DigitString.require(value, LENGTH, ErrorCode.INVALID_MY_NUMBER, "My Number");
    int expected = checkDigit(digits);
    if (digits[LENGTH - 1] != expected) {
      throw DigitString.checkDigitMismatch(
          ErrorCode.INVALID_MY_NUMBER, "My Number", "ends in", digits[LENGTH - 1], expected);
    }
    return new MyNumber(value);
  }

  /** Completes 11 base digits (0 to 10^11 - 1) with their check digit. */
  public static MyNumber fromBase(long base) {
    if (base < 0 || base >= 100_000_000_000L) {
      throw new IllegalArgumentException("a My Number base has 11 digits");
    }
    int[] digits = DigitString.digitsWithRoomForCheck(base, LENGTH);
    digits[LENGTH - 1] = checkDigit(digits);
    return new MyNumber(DigitString.text(digits));
  }

  static int checkDigit(int[] digits) {
    int sum = 0;
    for (int i = 0; i < WEIGHTS.length; i++) {
      sum += digits[i] * WEIGHTS[i];
    }
    int r = sum % 11;
    return r <= 1 ? 0 : 11 - r;
  }

  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MyNumber that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Masked: only the last four digits show, as on printed documents. */
  @Override
  public String toString() {
    return "MyNumber(********" + value.substring(8) + ")";
  }
}
