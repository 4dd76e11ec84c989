package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Time;
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
  void should_write_utctime_from_1950_to_2049_and_generalizedtime_otherwise_when_encoding(String instant, String text) throws Exception {
    Instant time = Instant.parse(instant);
    byte[] ours = DerTime.encode(time);

    assertThat(new String(ours, 2, ours.length - 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(text);
    assertThat(ours[0]).isEqualTo(text.length() == 13 ? DerTime.UTC_TIME : DerTime.GENERALIZED_TIME);
    assertThat(DerTime.length(time)).isEqualTo(ours.length);
    if (time.isAfter(Instant.parse("1582-10-15T00:00:00Z"))) { // java.util.Date turns Julian before this
      assertThat(ours).isEqualTo(new Time(Date.from(time)).getEncoded(ASN1Encoding.DER));
    }
  }

  @ParameterizedTest
  @CsvSource({"-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
  void should_refuse_when_the_year_has_not_four_digits(String instant) {
    assertThatThrownBy(() -> DerTime.encode(Instant.parse(instant))).isInstanceOf(IllegalArgumentException.class);
  }
}
