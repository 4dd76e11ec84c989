package jp.jukihub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The audit hashes are HMAC-SHA-256 of the documented canonical encoding, under the audit key. */
class AuditDigestTest {
  static final byte[] KEY = new byte[32];

  static byte[] hmac(byte[] message) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    return mac.doFinal(message);
  }

  @Test
  void should_hash_the_canonical_request_and_answer() throws Exception {
    byte[] body = "{\"affair\":\"t1\"}".getBytes(StandardCharsets.UTF_8);
    AuditDigest digest = AuditDigest.of(KEY);
    assertThat(digest.request("POST", "/v1/x?y=1", "op", body))
        .isEqualTo(
            hmac(
                new Canonical()
                    .text("POST")
                    .text("/v1/x?y=1")
                    .text("op")
                    .bytes(body)
                    .toByteArray()));
    assertThat(digest.answer(200, "application/json", body))
        .isEqualTo(
            hmac(new Canonical().number(200).text("application/json").bytes(body).toByteArray()));
    assertThat(digest.request("POST", "/v1/x?y=1", null, body))
        .isNotEqualTo(digest.request("POST", "/v1/x?y=1", "", body));
  }
}
