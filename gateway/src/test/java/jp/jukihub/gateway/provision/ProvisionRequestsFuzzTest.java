package jp.jukihub.gateway.provision;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jp.jukihub.gateway.config.YamlData;
import jp.jukihub.gateway.input.CleanRefusals;
import jp.jukihub.gateway.input.FuzzedBody;
import jp.jukihub.gateway.input.JsonInput;
import jp.jukihub.number.MyNumber;

/**
 * Any body of the exchange's routes (a token acquisition, a query, a household check, a line of
 * {@code copies:batch}) is read as those routes read it or refused as a client's error that repeats
 * none of the caller's text. The input is the reader's name ({@code token}, {@code query}, {@code
 * household}, {@code copy}), a newline and the body. Runs its seed corpus in every build; {@code
 * JAZZER_FUZZ=1 ./mvnw -o -pl gateway test -Dtest=ProvisionRequestsFuzzTest} fuzzes for real.
 */
class ProvisionRequestsFuzzTest {
  private static final DataStandard STANDARD = DataStandard.load();
  private static final Set<String> NAMES = new HashSet<>();

  static {
    NAMES.addAll(TokenResource.FIELDS);
    NAMES.addAll(QueryResource.FIELDS);
    NAMES.addAll(QueryResource.HOUSEHOLD_FIELDS);
    NAMES.addAll(CopyResource.LINE_FIELDS);
    // A copy's refusal names the standard's own items and fields.
    namesIn(
        YamlData.loadSection("/jp/jukihub/gateway/data-standard.yaml", "standard", "items").map());
  }

  @FuzzTest(maxDuration = "10s")
  void should_read_or_refuse_cleanly_when_given_any_body(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    CleanRefusals.readOrRefuseCleanly(
        input, ProvisionRequestsFuzzTest::read, FuzzedBody.of(input).texts(), NAMES);
  }

  /** Reads {@code raw} as the named reader's route reads its body. */
  private static void read(String raw) {
    FuzzedBody input = FuzzedBody.of(raw);
    switch (input.reader()) {
      case "token" -> { // TokenResource.acquire
        JsonInput in = input.read(TokenResource.FIELDS);
        ProvisionNumbers.acquisitionNumber(in.text("acquisitionNumber"));
        ProvisionNumbers.unifiedAddressNumber(in.text("unifiedAddressNumber"));
        MyNumber.of(in.text("myNumber"));
      }
      case "query" -> { // QueryResource.authorise, before the table is asked
        JsonInput in = input.read(QueryResource.FIELDS);
        ProvisionNumbers.unifiedAddressNumber(in.text("unifiedAddressNumber"));
        in.text("affair");
        in.text("item");
        in.text("provider");
      }
      case "household" -> { // QueryResource.authoriseHouseholdCheck
        JsonInput in = input.read(QueryResource.HOUSEHOLD_FIELDS);
        ProvisionNumbers.unifiedAddressNumber(in.text("unifiedAddressNumber"));
        ProvisionNumbers.unifiedAddressNumber(in.text("otherUnifiedAddressNumber"));
        in.text("affair");
        in.text("provider");
      }
      case "copy" -> { // CopyResource.register(line, notes)
        JsonInput in = input.read(CopyResource.LINE_FIELDS);
        String item = in.text("item");
        ProvisionNumbers.unifiedAddressNumber(in.text("unifiedAddressNumber"));
        STANDARD.validate(item, in.rawObject("data"));
      }
      default -> {
        // no such reader: nothing to try
      }
    }
  }

  private static void namesIn(Map<?, ?> map) {
    map.forEach(
        (name, value) -> {
          NAMES.add(String.valueOf(name));
          if (value instanceof Map<?, ?> inner) {
            namesIn(inner);
          }
        });
  }
}
