package jp.jukihub.person;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/** 性別 as the resident record holds it, with the code used in files and the database (1, 2). */
public enum Sex {
  MALE(1, "male"),
  FEMALE(2, "female");

  private final int code;
  private final String label;

  Sex(int code, String label) {
    this.code = code;
    this.label = label;
  }

  public int code() {
    return code;
  }

  /** The API spelling: "male" or "female". */
  public String label() {
    return label;
  }

  public static Sex ofCode(int code) {
    for (Sex sex : values()) {
      if (sex.code == code) {
        return sex;
      }
    }
    throw new HubException(ErrorCode.INVALID_PERSON, "sex: code must be 1 or 2, got " + code);
  }

  public static Sex ofLabel(String label) {
    for (Sex sex : values()) {
      if (sex.label.equals(label)) {
        return sex;
      }
    }
    throw new HubException(ErrorCode.INVALID_PERSON, "sex: must be \"male\" or \"female\"");
  }
}
