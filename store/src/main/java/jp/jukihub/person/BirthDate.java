package jp.jukihub.person;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * 生年月日: a date of birth, no earlier than the register can hold (1868-01-01, Meiji 1) and never in
 * the future of the clock it was checked against.
 */
public record BirthDate(LocalDate date) {
  public static final LocalDate EARLIEST = LocalDate.of(1868, 1, 1);

  public BirthDate {
    if (date == null) {
      throw new HubException(ErrorCode.INVALID_PERSON, "birth date: missing");
    }
    if (date.isBefore(EARLIEST)) {
      throw new HubException(ErrorCode.INVALID_PERSON, "birth date: before " + EARLIEST);
    }
  }

  /** Parses an ISO date (yyyy-mm-dd) and refuses one after today on {@code clock}. */
  public static BirthDate parse(String text, Clock clock) {
    LocalDate date;
    try {
      date = LocalDate.parse(text == null ? "" : text);
    } catch (DateTimeParseException e) {
      throw new HubException(
          ErrorCode.INVALID_PERSON, "birth date: must be a real date written yyyy-mm-dd");
    }
    if (date.isAfter(LocalDate.now(clock))) {
      throw new HubException(ErrorCode.INVALID_PERSON, "birth date: is in the future");
    }
    return new BirthDate(date);
  }

  public int ageOn(LocalDate day) {
    return Period.between(date, day).getYears();
  }

  @Override
  public String toString() {
    return "BirthDate(***)";
  }
}
