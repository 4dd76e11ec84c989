package jp.jukihub.gateway.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.ConfigException;

/**
 * Any table of lawful exchanges (exchange-table.yaml) an operator writes loads or is refused with a
 * {@link ConfigException} naming what is wrong: never another exception at start-up. The input is
 * the file as text. Runs its seed corpus (the bundled file and broken ones) in every build; {@code
 * JAZZER_FUZZ=1 ./mvnw -o -pl gateway test -Dtest=ExchangeTableFuzzTest} fuzzes for real.
 */
class ExchangeTableFuzzTest {
  private static final BodyRegistry BODIES = BodyRegistry.load(null);
  private static final DataStandard STANDARD = DataStandard.load();

  @FuzzTest(maxDuration = "10s")
  void should_load_or_refuse_cleanly_when_given_any_file(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    try {
      ExchangeTable.parse(yaml, "fuzzed", BODIES, STANDARD);
    } catch (ConfigException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}
