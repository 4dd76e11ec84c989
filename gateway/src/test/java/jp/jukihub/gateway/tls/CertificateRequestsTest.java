package jp.jukihub.gateway.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CertificateRequestsTest {

  @Test
  void should_not_quote_the_request_when_its_pem_type_is_not_a_request() {
    // Found by JpkiRequestsFuzzTest: the parser's message named the caller's PEM type line, and
    // CardResource passes the message on to the client.
    String pem = "-----BEGIN 佐藤花子 372967742339-----\nAAAA\n-----END 佐藤花子 372967742339-----\n";

    assertThatThrownBy(() -> CertificateRequests.parse(pem))
        .isInstanceOf(CertificateRequests.Refused.class)
        .hasMessage("not a readable PEM certificate request");
  }

  @Test
  void should_not_quote_the_request_when_its_end_line_is_garbled() {
    String pem = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFIC!TE REQUEST-----\n";

    assertThatThrownBy(() -> CertificateRequests.parse(pem))
        .isInstanceOf(CertificateRequests.Refused.class)
        .hasMessage("not a readable PEM certificate request");
  }
}
