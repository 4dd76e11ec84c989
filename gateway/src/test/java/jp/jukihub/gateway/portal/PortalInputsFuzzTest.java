package jp.jukihub.gateway.portal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Set;
import jp.jukihub.gateway.input.CleanRefusals;
import jp.jukihub.gateway.input.FuzzedBody;
import jp.jukihub.gateway.input.JsonInput;

/**
 * Any input of the resident portal read below the HTTP layer (the card reader app's signed answer
 * to a login challenge, a page's {@code limit}, a notice's {@code cursor} or id) is read as its
 * route reads it or refused as a client's error that repeats none of the caller's text. The input
 * is the reader's name ({@code signature}, {@code limit}, {@code notice}), a newline and the body
 * or the parameter's value. The access history's other parameters are AuditQuery's
 * (AuditQueryFuzzTest). Runs its seed corpus in every build; {@code JAZZER_FUZZ=1 ./mvnw -o -pl
 * gateway test -Dtest=PortalInputsFuzzTest} fuzzes for real.
 */
class PortalInputsFuzzTest {
  private static final Set<String> NAMES = Set.of("certificate", "signature", "limit", "cursor");

  @FuzzTest(maxDuration = "10s")
  void should_read_or_refuse_cleanly_when_given_any_input(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    CleanRefusals.readOrRefuseCleanly(
        input, PortalInputsFuzzTest::read, FuzzedBody.of(input).texts(), NAMES);
  }

  /** Reads {@code raw} as the named reader's route reads its body. */
  private static void read(String raw) {
    FuzzedBody input = FuzzedBody.of(raw);
    switch (input.reader()) {
      case "signature" -> { // LoginResource.signature
        JsonInput in = input.read(LoginResource.SIGNATURE_FIELDS);
        LoginResource.certificate(in);
        LoginResource.signature(in);
      }
      case "limit" -> PageLimit.parse(input.body());
      case "notice" -> NoticesResource.number(input.body(), "cursor");
      default -> {
        // no such reader: nothing to try
      }
    }
  }
}
