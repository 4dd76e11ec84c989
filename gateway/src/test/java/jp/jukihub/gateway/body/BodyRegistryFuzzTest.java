package jp.jukihub.gateway.body;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jp.jukihub.gateway.config.ConfigException;

/**
 * Any body registry (bodies.yaml) an operator writes loads or is refused with a {@link
 * ConfigException} naming what is wrong: never another exception at start-up. The input is the file
 * as text. Runs its seed corpus (the bundled file and broken ones) in every build; {@code
 * JAZZER_FUZZ=1 ./mvnw -o -pl gateway test -Dtest=BodyRegistryFuzzTest} fuzzes for real.
 */
class BodyRegistryFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void should_load_or_refuse_cleanly_when_given_any_file(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    try {
      BodyRegistry.parse(yaml, "fuzzed");
    } catch (ConfigException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}
