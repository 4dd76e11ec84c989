package jp.jukihub.gateway.jpki;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * RFC 5280's Time in DER, written straight into a buffer: UTCTime (YYMMDDHHMMSSZ) for the years
 * 1950 to 2049, GeneralizedTime (YYYYMMDDHHMMSSZ) otherwise; whole seconds, fractions dropped. A
 * CRL of a million entries writes a million of these, so no ASN.1 object is made for one.
 */
final class DerTime {
  static final byte UTC_TIME = 0x17;
  static final byte GENERALIZED_TIME = 0x18;

  // Bounds as epoch seconds, so measuring a time needs no calendar arithmetic.
  private static final long UTC_TIME_FROM =
      LocalDateTime.of(1950, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long UTC_TIME_UNTIL =
      LocalDateTime.of(2050, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long FOUR_DIGIT_FROM =
      LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long FOUR_DIGIT_UNTIL =
      LocalDateTime.of(10_000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

  private static final long SECONDS_PER_DAY = 86_400;

  private DerTime() {}

  /** The encoded length, tag and length bytes included. */
  static int length(Instant time) {
    return isUtcTime(time) ? 15 : 17;
  }

  /** Writes {@code time} at {@code offset}; returns the offset after it. */
  static int write(Instant time, byte[] out, int offset) {
    boolean utcTime = isUtcTime(time);
    long epochSecond = time.getEpochSecond();
    int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian as
    // java.time's): integers only, where LocalDateTime would make three objects per entry.
    long shifted = Math.floorDiv(epochSecond, SECONDS_PER_DAY) + 719_468; // days since 0000-03-01
    long era = Math.floorDiv(shifted, 146_097);
    int dayOfEra = (int) (shifted - era * 146_097);
    int yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // from March 1
    int marchMonth = (5 * dayOfYear + 2) / 153;
    int day = dayOfYear - (153 * marchMonth + 2) / 5 + 1;
    int month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
    int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

    int at = offset;
    if (utcTime) {
      out[at++] = UTC_TIME;
      out[at++] = 13;
      at = twoDigits(year % 100, out, at);
    } else {
      out[at++] = GENERALIZED_TIME;
      out[at++] = 15;
      at = twoDigits(year / 100, out, at);
      at = twoDigits(year % 100, out, at);
    }
    at = twoDigits(month, out, at);
    at = twoDigits(day, out, at);
    at = twoDigits(secondOfDay / 3_600, out, at);
    at = twoDigits(secondOfDay / 60 % 60, out, at);
    at = twoDigits(secondOfDay % 60, out, at);
    out[at++] = 'Z';
    return at;
  }

  /** The encoding on its own, for the few times outside the entry list. */
  static byte[] encode(Instant time) {
    byte[] out = new byte[length(time)];
    write(time, out, 0);
    return out;
  }

  private static boolean isUtcTime(Instant time) {
    long epochSecond = time.getEpochSecond();
    if (epochSecond < FOUR_DIGIT_FROM || epochSecond >= FOUR_DIGIT_UNTIL) {
      throw new IllegalArgumentException(
          "a certificate time needs a four-digit year, which " + time + " has not");
    }
    return epochSecond >= UTC_TIME_FROM && epochSecond < UTC_TIME_UNTIL;
  }

  private static int twoDigits(int value, byte[] out, int at) {
    out[at] = (byte) ('0' + value / 10);
    out[at + 1] = (byte) ('0' + value % 10);
    return at + 2;
  }
}
