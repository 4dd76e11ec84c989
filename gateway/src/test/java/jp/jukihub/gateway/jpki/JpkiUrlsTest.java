package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JpkiUrlsTest {

  @Test
  void should_name_the_crl_of_each_ca_and_shard_and_the_one_ocsp_responder() {
    JpkiUrls urls = new JpkiUrls("https://hub.example.jp:8443");

    assertThat(urls.crlDistributionPoint(JpkiAuthority.Type.SIGN, 0))
        .isEqualTo("https://hub.example.jp:8443/v1/jpki/crl/sign/0");
    assertThat(urls.crlDistributionPoint(JpkiAuthority.Type.AUTH, 12))
        .isEqualTo("https://hub.example.jp:8443/v1/jpki/crl/auth/12");
    assertThat(urls.ocsp()).isEqualTo("https://hub.example.jp:8443/v1/jpki/ocsp");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/",
        "127.0.0.1:8080",
        "ftp://hub.example.jp",
        "http://hub.example.jp?x=1",
        "http://hub .jp",
        ""
      })
  void should_refuse_a_base_url_that_would_print_a_wrong_url_when_built(String baseUrl) {
    assertThatThrownBy(() -> new JpkiUrls(baseUrl)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_refuse_a_negative_shard() {
    assertThatThrownBy(
            () ->
                new JpkiUrls("http://127.0.0.1:8080")
                    .crlDistributionPoint(JpkiAuthority.Type.SIGN, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
