package jp.jukihub.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import jp.jukihub.gateway.pipeline.PersonalNumberShapes;
import org.junit.jupiter.api.Test;

class ClientCertificateChecksTest {
  @Test
  void should_show_a_serial_in_byte_pairs_that_never_look_like_a_personal_number() {
    // Written plain, this serial holds fourteen decimal digits in a row: a revocation's detail
    // naming it was withheld by the problem responder.
    BigInteger serial = new BigInteger("7a12345678901234", 16);
    assertThat(PersonalNumberShapes.holdsOne(serial.toString(16))).isTrue();

    String pairs = ClientCertificateChecks.inPairs(serial);

    assertThat(pairs).isEqualTo("7a:12:34:56:78:90:12:34");
    assertThat(PersonalNumberShapes.holdsOne(pairs)).isFalse();
  }

  @Test
  void should_pad_an_odd_length_serial_to_whole_bytes() {
    assertThat(ClientCertificateChecks.inPairs(new BigInteger("abc", 16))).isEqualTo("0a:bc");
    assertThat(ClientCertificateChecks.inPairs(BigInteger.ONE)).isEqualTo("01");
  }
}
