package jp.jukihub.gateway.identity;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import jp.jukihub.gateway.input.CleanRefusals;
import jp.jukihub.gateway.input.FuzzedBody;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;

/**
 * Any body of an identity lookup (the single route's, and each line of {@code lookup:batch}) names
 * its affair and exactly one subject, read as a number, a code or a 4-info query, or is refused as
 * a client's error that repeats none of the caller's text. The input is {@code lookup}, a newline
 * and the body. Runs its seed corpus in every build; {@code JAZZER_FUZZ=1 ./mvnw -o -pl gateway
 * test -Dtest=IdentityRequestFuzzTest} fuzzes for real.
 */
class IdentityRequestFuzzTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneId.of("Asia/Tokyo"));
  private static final Set<String> NAMES = new HashSet<>(IdentityResource.FIELDS);

  static {
    NAMES.addAll(IdentityResource.QUERY_FIELDS);
    NAMES.addAll(Set.of("lgCode", "rest"));
  }

  @FuzzTest(maxDuration = "10s")
  void should_read_or_refuse_cleanly_when_given_any_body(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    CleanRefusals.readOrRefuseCleanly(
        input, IdentityRequestFuzzTest::read, FuzzedBody.of(input).texts(), NAMES);
  }

  /** Reads {@code raw} as the named reader's route reads its body. */
  private static void read(String raw) {
    FuzzedBody input = FuzzedBody.of(raw);
    JsonInput in = input.read(IdentityResource.FIELDS);
    in.text("affair");
    // As IdentityResource.lookup reads its subject once the law table has allowed the key.
    switch (IdentityResource.onlyKey(in)) {
      case MY_NUMBER -> MyNumber.of(in.text("myNumber"));
      case RESIDENT_CODE -> ResidentCode.of(in.text("residentCode"));
      case QUERY ->
          IdentityResource.query(in.object("query", IdentityResource.QUERY_FIELDS), CLOCK);
    }
  }
}
