package jp.jukihub.number;

import jp.jukihub.error.ErrorCode;

/**
 * 住民票コード (resident code): 10 digits and a check digit, 11 in all. Juki-net's internal key.
 *
 * <p>The official check-digit method is not published (住民基本台帳法施行規則 art. 1), so the hub issues codes
 * under its own documented rule: weights 2,3,4,5,6,7,2,3,4,5 over the ten base digits counted from
 * the rightmost; r = sum mod 11; check digit = 0 when r <= 1, else 11 - r. Codes from elsewhere
 * that follow another rule are rejected by design.
 *
 * <p>Secret since My Number: {@link #toString()} masks it.
 */
public final class ResidentCode {
  public static final int LENGTH = 11;
  public static final long BASE_LIMIT = 10_000_000_000L;
  private static final int[] WEIGHTS_FROM_RIGHT = {2, 3, 4, 5, 6, 7, 2, 3, 4, 5};

  private final String value;

  private ResidentCode(String value) {
    this.value = value;
  }

  public static ResidentCode of(String value) {
    int[] digits =
        DigitString.require(value, LENGTH, ErrorCode.INVALID_RESIDENT_CODE, "resident code");
    int expected = checkDigit(digits);
    if (digits[LENGTH - 1] != expected) {
      throw DigitString.checkDigitMismatch(
          ErrorCode.INVALID_RESIDENT_CODE,
          "resident code",
          "ends in",
          digits[LENGTH - 1],
          expected);
    }
    return new ResidentCode(value);
  }

  /** Completes ten base digits (0 to 10^10 - 1) with the check digit. */
  public static ResidentCode fromBase(long base) {
    if (base < 0 || base >= BASE_LIMIT) {
      throw new IllegalArgumentException("a resident code base has 10 digits");
    }
    int[] digits = DigitString.digitsWithRoomForCheck(base, LENGTH);
    digits[LENGTH - 1] = checkDigit(digits);
    return new ResidentCode(DigitString.text(digits));
  }

  static int checkDigit(int[] digits) {
    int sum = 0;
    for (int fromRight = 0; fromRight < WEIGHTS_FROM_RIGHT.length; fromRight++) {
      sum += digits[LENGTH - 2 - fromRight] * WEIGHTS_FROM_RIGHT[fromRight];
    }
    int r = sum % 11;
    return r <= 1 ? 0 : 11 - r;
  }

  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ResidentCode that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "ResidentCode(*******" + value.substring(7) + ")";
  }
}
