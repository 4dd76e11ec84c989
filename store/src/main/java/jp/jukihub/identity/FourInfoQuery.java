package jp.jukihub.identity;

import java.time.LocalDate;
import java.util.Optional;
import jp.jukihub.number.LgCode;
import jp.jukihub.person.Sex;

/**
 * A 4-info search (基本4情報): the name in kana and the birth date, narrowed by sex and by address (the
 * municipality, and the start of the rest of the address). Names compare exactly, after the
 * caller's spacing is normalised to the register's one full-width space between surname and given
 * name.
 */
public record FourInfoQuery(
    String nameKana,
    LocalDate birthDate,
    Optional<Sex> sex,
    Optional<LgCode> lgCode,
    Optional<String> addressStart) {

  private static final java.util.regex.Pattern SPACING =
      java.util.regex.Pattern.compile("[\\s\\u3000]+");

  public static String normaliseKana(String kana) {
    return SPACING.matcher(kana.strip()).replaceAll("\u3000");
  }

  /** Never prints the 4 info. */
  @Override
  public String toString() {
    return "FourInfoQuery(***)";
  }
}
