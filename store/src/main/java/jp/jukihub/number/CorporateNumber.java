package jp.jukihub.number;

import jp.jukihub.error.ErrorCode;

/**
 * 法人番号 (corporate number): 13 digits, the check digit FIRST, then 12 base digits.
 *
 * <p>Check digit (財務省令第70号 art. 2): weights 1,2,1,2,... over the base digits counted from the
 * rightmost; check digit = 9 - (sum mod 9). Corporate numbers are public, so they print in full.
 */
public record CorporateNumber(String value) {
  public static final int LENGTH = 13;

  public CorporateNumber {
    int[] digits =
        DigitString.require(value, LENGTH, ErrorCode.INVALID_CORPORATE_NUMBER, "corporate number");
    int expected = checkDigit(digits);
    if (digits[0] != expected) {
      throw DigitString.checkDigitMismatch(
          ErrorCode.INVALID_CORPORATE_NUMBER,
          "corporate number",
          "starts with",
          digits[0],
          expected);
    }
  }

  public static CorporateNumber of(String value) {
    return new CorporateNumber(value);
  }

  /**
   * A local government's corporate number: its 6-digit code behind "000020" (the prefix the NTA
   * gives local public bodies), e.g. Chiyoda City 131016 → 8000020131016.
   */
  public static CorporateNumber ofLocalGovernment(LgCode lg) {
    String base = "000020" + lg.value();
    int[] digits = new int[LENGTH];
    for (int i = 1; i < LENGTH; i++) {
      digits[i] = base.charAt(i - 1) - '0';
    }
    return new CorporateNumber(checkDigit(digits) + base);
  }

  static int checkDigit(int[] digits) {
    int sum = 0;
    for (int fromRight = 0; fromRight < LENGTH - 1; fromRight++) {
      int weight = fromRight % 2 == 0 ? 1 : 2;
      sum += digits[LENGTH - 1 - fromRight] * weight;
    }
    return 9 - (sum % 9);
  }

  @Override
  public String toString() {
    return value;
  }
}
