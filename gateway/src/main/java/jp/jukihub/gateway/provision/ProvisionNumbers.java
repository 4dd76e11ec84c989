package jp.jukihub.gateway.provision;

import java.util.regex.Pattern;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * The numbers a body uses in the exchange: its acquisition numbers (取得番号) and its unified address
 * numbers (団体内統合宛名番号). Both are the body's own, never My Number or a resident code, so a value that
 * could be one (11 or 12 digits alone) is refused; neither is ever echoed in an error.
 */
final class ProvisionNumbers {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9-]{1,20}");
  private static final Pattern RESIDENT_CODE_OR_MY_NUMBER = Pattern.compile("[0-9]{11,12}");

  private ProvisionNumbers() {}

  static String acquisitionNumber(String value) {
    return checked(value, "acquisitionNumber");
  }

  static String unifiedAddressNumber(String value) {
    return checked(value, "unifiedAddressNumber");
  }

  private static String checked(String value, String name) {
    if (value == null || !TOKEN.matcher(value).matches()) {
      throw new HubException(ErrorCode.INVALID_REQUEST, name + ": 1-20 of A-Z a-z 0-9 -");
    }
    if (RESIDENT_CODE_OR_MY_NUMBER.matcher(value).matches()) {
      throw new HubException(
          ErrorCode.INVALID_REQUEST,
          name + ": the body's own number, never a My Number or resident code (11 or 12 digits)");
    }
    return value;
  }
}
