package jp.jukihub.person;

import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * 氏名: a person's name as registered, in kanji and in kana (full-width katakana, as the resident
 * record writes readings). Surname and given name are separated by one full-width space (U+3000).
 */
public record PersonName(String kanji, String kana) {
  static final int MAX_LENGTH = 100;
  private static final char IDEOGRAPHIC_SPACE = '\u3000';

  public PersonName {
    kanji = requireText(kanji, "name");
    kana = requireText(kana, "kana name");
    for (int i = 0; i < kana.length(); i++) {
      if (!isKatakana(kana.charAt(i))) {
        throw new HubException(
            ErrorCode.INVALID_PERSON,
            "kana name: must be full-width katakana (position " + (i + 1) + ")");
      }
    }
  }

  public static PersonName of(
      String surname, String givenName, String surnameKana, String givenKana) {
    return new PersonName(
        surname + IDEOGRAPHIC_SPACE + givenName, surnameKana + IDEOGRAPHIC_SPACE + givenKana);
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new HubException(ErrorCode.INVALID_PERSON, what + ": must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new HubException(
          ErrorCode.INVALID_PERSON, what + ": at most " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new HubException(ErrorCode.INVALID_PERSON, what + ": contains a control character");
      }
    }
    return value.strip();
  }

  private static boolean isKatakana(char c) {
    // Katakana block incl. the prolonged sound mark (ー) and middle dot (・), plus the separator.
    return (c >= '\u30A1' && c <= '\u30FC') || c == IDEOGRAPHIC_SPACE;
  }

  /** Never prints the name: records print into logs far too easily. */
  @Override
  public String toString() {
    return "PersonName(***)";
  }
}
