package jp.jukihub.number;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * 地方公共団体コード (local government code, JIS X 0402): 2-digit prefecture, 3-digit municipality, check
 * digit.
 *
 * <p>Check digit: weights 6,5,4,3,2 over the first five digits; check = (11 - (sum mod 11)) mod 10.
 * Unlike My Number, a remainder of 0 gives check digit 1, not 0. A prefecture's own code has
 * municipality part 000.
 */
public record LgCode(String value) {
  public static final int LENGTH = 6;
  private static final int[] WEIGHTS = {6, 5, 4, 3, 2};

  public LgCode {
    int[] digits = DigitString.require(value, LENGTH, ErrorCode.INVALID_LG_CODE, "LgCode");
    int expected = checkDigit(digits);
    if (digits[LENGTH - 1] != expected) {
      throw DigitString.checkDigitMismatch(
          ErrorCode.INVALID_LG_CODE, "LgCode", "ends in", digits[LENGTH - 1], expected);
    }
    int prefecture = digits[0] * 10 + digits[1];
    if (prefecture < 1 || prefecture > 47) {
      throw new HubException(
          ErrorCode.INVALID_LG_CODE, "prefecture: LgCode must start with 01-47, got " + prefecture);
    }
  }

  public static LgCode of(String value) {
    return new LgCode(value);
  }

  /** Completes five digits (prefecture + municipality, e.g. "13101") with the check digit. */
  public static LgCode fromFiveDigits(String fiveDigits) {
    int[] digits = DigitString.require(fiveDigits, 5, ErrorCode.INVALID_LG_CODE, "LgCode base");
    return new LgCode(fiveDigits + checkDigit(digits));
  }

  static int checkDigit(int[] digits) {
    int sum = 0;
    for (int i = 0; i < WEIGHTS.length; i++) {
      sum += digits[i] * WEIGHTS[i];
    }
    return (11 - sum % 11) % 10;
  }

  /** The two-digit prefecture code, "01" to "47". */
  public String prefectureCode() {
    return value.substring(0, 2);
  }

  /** True for a prefecture's own code (municipality part 000). */
  public boolean isPrefecture() {
    return value.startsWith("000", 2);
  }

  @Override
  public String toString() {
    return value;
  }
}
