package jp.jukihub.gateway.jpki;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How long a card's certificates last: until the end of the holder's 5th birthday after issuance,
 * in Japan time (jpki.go.jp FAQ). Capping at the card's own expiry is the caller's part.
 */
public final class CardValidity {
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final int BIRTHDAYS = 5;
  private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

  private CardValidity() {}

  /**
   * 23:59:59 Japan time on the 5th birthday strictly after the day (in Japan) of {@code issuedAt}:
   * a certificate issued on a birthday does not count that birthday.
   */
  public static Instant notAfter(LocalDate birthDate, Instant issuedAt) {
    Objects.requireNonNull(birthDate, "birthDate");
    LocalDate issued = LocalDate.ofInstant(Objects.requireNonNull(issuedAt, "issuedAt"), JAPAN);
    if (birthDate.isAfter(issued)) {
      throw new IllegalArgumentException(
          "a card holder cannot be born after the certificate is issued");
    }
    LocalDate first = birthdayIn(birthDate, issued.getYear());
    if (!first.isAfter(issued)) {
      first = birthdayIn(birthDate, issued.getYear() + 1);
    }
    return birthdayIn(birthDate, first.getYear() + BIRTHDAYS - 1)
        .atTime(END_OF_DAY)
        .atZone(JAPAN)
        .toInstant();
  }

  // Each year from the birth date itself, never from the previous birthday, so that a Feb 29
  // birthday comes back in leap years. withYear() moves Feb 29 to Feb 28 in common years, as
  // Civil Code art. 143 ends a period whose day does not exist on the month's last day.
  private static LocalDate birthdayIn(LocalDate birthDate, int year) {
    return birthDate.withYear(year);
  }
}
