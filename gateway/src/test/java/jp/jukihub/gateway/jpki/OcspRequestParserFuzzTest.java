package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any bytes a client sends come back as a query or as MALFORMED: never an exception, never a query
 * with no CertID or more than the parser allows. Runs its seed corpus (requests written by openssl)
 * in every build; {@code JAZZER_FUZZ=1 ./mvnw -o -pl gateway test -Dtest=OcspRequestParserFuzzTest}
 * fuzzes for real.
 */
class OcspRequestParserFuzzTest {
  @TempDir static Path directory;
  static OcspRequestParser parser;

  @BeforeAll
  static void cas() {
    parser =
        new OcspRequestParser(
            List.of(
                JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.SIGN, Clock.systemUTC()),
                JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.AUTH, Clock.systemUTC())));
  }

  @FuzzTest(maxDuration = "10s")
  void should_read_or_refuse_cleanly_when_given_any_bytes(byte[] input) {
    OcspQuery query = parser.parse(Buffer.buffer(input));

    if (query.outcome() == OcspQuery.Outcome.MALFORMED) {
      assertThat(query.problem()).isNotBlank();
      assertThat(query.certIds()).isEmpty();
    } else {
      assertThat(query.certIds())
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(OcspRequestParser.MAX_CERT_IDS);
      assertThat(
              query.nonce() == null || query.nonce().length <= OcspRequestParser.MAX_NONCE_LENGTH)
          .isTrue();
    }
  }
}
