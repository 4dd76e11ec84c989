package jp.jukihub.gateway.jpki;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.Set;
import jp.jukihub.gateway.input.CleanRefusals;
import jp.jukihub.gateway.input.FuzzedBody;
import jp.jukihub.gateway.input.JsonInput;

/**
 * Any body of the JPKI routes (a card's issuance with its two PKCS#10 requests or the demo's PINs,
 * a revocation, a verifier's certificate) and any {@code month} of the usage report is read as the
 * routes read it or refused as a client's error that repeats none of the caller's text. The input
 * is the reader's name ({@code issue}, {@code revoke}, {@code verify}, {@code month}), a newline
 * and the body (for {@code month}, the parameter's value). Runs its seed corpus in every build;
 * {@code JAZZER_FUZZ=1 ./mvnw -o -pl gateway test -Dtest=JpkiRequestsFuzzTest} fuzzes for real.
 */
class JpkiRequestsFuzzTest {
  private static final Set<String> NAMES = new HashSet<>(CardResource.ISSUE_FIELDS);

  static {
    NAMES.addAll(Set.of("reason", "certificate", "month"));
  }

  @FuzzTest(maxDuration = "10s")
  void should_read_or_refuse_cleanly_when_given_any_body(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    CleanRefusals.readOrRefuseCleanly(
        input, JpkiRequestsFuzzTest::read, FuzzedBody.of(input).texts(), NAMES);
  }

  /** Reads {@code raw} as the named reader's route reads its body. */
  private static void read(String raw) {
    FuzzedBody input = FuzzedBody.of(raw);
    switch (input.reader()) {
      case "issue" -> { // CardResource.issue: the card's keys, or (demo) two PINs
        JsonInput in = input.read(CardResource.ISSUE_FIELDS);
        if (in.has("signCsr") || in.has("authCsr")) {
          CardResource.cardKeys(in);
        } else {
          CardResource.pin(in, "signPin");
          CardResource.pin(in, "authPin");
        }
      }
      case "revoke" -> Revocations.Reason.of(input.read(Set.of("reason")).text("reason"));
      case "verify" ->
          CertificateVerification.parse(
              input.read(Set.of("certificate")).longText("certificate", VerifierResource.MAX_PEM));
      case "month" -> VerifierResource.month(input.body());
      default -> {
        // no such reader: nothing to try
      }
    }
  }
}
