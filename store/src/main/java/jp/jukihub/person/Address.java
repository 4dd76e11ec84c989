package jp.jukihub.person;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.number.LgCode;

/**
 * 住所: the municipality (by its LgCode) and the rest of the address inside it (town, block, lot),
 * e.g. "本町3丁目12番5号". The municipality's own name comes from its code.
 */
public record Address(LgCode municipality, String rest) {
  static final int MAX_REST_LENGTH = 200;

  public Address {
    if (municipality == null) {
      throw new HubException(ErrorCode.INVALID_PERSON, "address: municipality code missing");
    }
    if (municipality.isPrefecture()) {
      throw new HubException(
          ErrorCode.INVALID_PERSON, "address: needs a municipality's code, not a prefecture's");
    }
    if (rest == null || rest.isBlank()) {
      throw new HubException(ErrorCode.INVALID_PERSON, "address: the rest of the address is empty");
    }
    if (rest.length() > MAX_REST_LENGTH) {
      throw new HubException(
          ErrorCode.INVALID_PERSON, "address: at most " + MAX_REST_LENGTH + " characters");
    }
    rest = rest.strip();
  }

  @Override
  public String toString() {
    return "Address(" + municipality + ", ***)";
  }
}
