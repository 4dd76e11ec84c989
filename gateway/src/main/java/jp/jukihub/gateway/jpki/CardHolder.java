package jp.jukihub.gateway.jpki;

import java.time.LocalDate;
import java.util.Objects;
import jp.jukihub.person.Sex;

/**
 * The basic 4 info (基本4情報) as a signing certificate prints them: the kanji name as registered
 * (surname and given name separated by U+3000), sex, date of birth and the full address text (e.g.
 * "東京都千代田区本町3丁目12番5号").
 */
public record CardHolder(String name, Sex sex, LocalDate birthDate, String address) {
  public CardHolder {
    // Messages name the field only: a holder's values must never reach a log or an error.
    requireText(name, "name");
    Objects.requireNonNull(sex, "sex");
    Objects.requireNonNull(birthDate, "birthDate");
    requireText(address, "address");
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("card holder: " + what + " must not be empty");
    }
  }

  /** Never prints the 4 info: records print into logs far too easily. */
  @Override
  public String toString() {
    return "CardHolder(***)";
  }
}
