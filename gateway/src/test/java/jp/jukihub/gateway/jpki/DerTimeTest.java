package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerTimeTest {
  @ParameterizedTest
  @CsvSource({
    "1949-12-31T23:59:59.999Z, 19491231235959Z",
    "1950-01-01T00:00:00Z,     500101000000Z",
    "1999-12-31T23:59:59Z,     991231235959Z",
    "2000-02-29T01:02:03.4Z,   000229010203Z",
    "2049-12-31T23:59:59Z,     491231235959Z",
    "2050-01-01T00:00:00Z,     20500101000000Z",
    "0001-01-01T00:00:00Z,     00010101000000Z",
    "9999-12-31T23:59:59Z,     99991231235959Z",
  })
  void should_write_utctime_from_1950_to_2049_and_generalizedtime_otherwise_when_encoding(
      String instant, String text) throws Exception {
    Instant time = Instant.parse(instant);
    byte[] ours = DerTime.encode(time);

    assertThat(new String(ours, 2, ours.length - 2, StandardCharsets.US_ASCII)).isEqualTo(text);
    assertThat(ours[0])
        .isEqualTo(text.length() == 13 ? DerTime.UTC_TIME : DerTime.GENERALIZED_TIME);
    assertThat(DerTime.length(time)).isEqualTo(ours.length);
    if (time.isAfter(
        Instant.parse("1582-10-15T00:00:00Z"))) { // java.util.Date turns Julian before this
      assertThat(ours).isEqualTo(new Time(Date.from(time)).getEncoded(ASN1Encoding.DER));
    }
  }

  @Test
  void should_agree_with_java_time_when_times_are_drawn_from_the_whole_four_digit_range() {
    SplittableRandom random = new SplittableRandom(1_950);
    long from = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    long until = LocalDateTime.of(10_000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    DateTimeFormatter generalized = DateTimeFormatter.ofPattern("uuuuMMddHHmmss'Z'");
    for (int i = 0; i < 200_000; i++) {
      // Half anywhere, half within a few years of now, where CRL dates are.
      long second =
          i % 2 == 0
              ? random.nextLong(from, until)
              : 1_700_000_000L + random.nextLong(400_000_000L);
      LocalDateTime utc = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
      String expected = generalized.format(utc);
      if (utc.getYear() >= 1950 && utc.getYear() <= 2049) {
        expected = expected.substring(2);
      }
      byte[] ours = DerTime.encode(Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)));
      assertThat(new String(ours, 2, ours.length - 2, StandardCharsets.US_ASCII))
          .as("%d", second)
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({"-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
  void should_refuse_when_the_year_has_not_four_digits(String instant) {
    assertThatThrownBy(() -> DerTime.encode(Instant.parse(instant)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
