package jp.jukihub.gateway.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;

/**
 * Any copy a provider sends, for any item, comes back in its normal form (which the standard then
 * takes back unchanged) or is refused with {@code COPY_NOT_STANDARD}: never another exception. The
 * input is an item id, a newline, and the copy as JSON. Runs its seed corpus in every build; {@code
 * JAZZER_FUZZ=1 ./mvnw -o -pl gateway test -Dtest=DataStandardFuzzTest} fuzzes for real.
 */
class DataStandardFuzzTest {
  static final DataStandard STANDARD = DataStandard.load();

  @FuzzTest(maxDuration = "10s")
  void should_normalise_or_refuse_cleanly_when_given_any_copy(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    int newline = input.indexOf('\n');
    String item = newline < 0 ? input : input.substring(0, newline);
    JsonObject copy;
    try {
      copy = newline < 0 ? null : new JsonObject(input.substring(newline + 1));
    } catch (DecodeException | ClassCastException notAnObject) {
      return; // the HTTP layer refuses what is not a JSON object; the standard never sees it
    }

    JsonObject normal;
    try {
      normal = STANDARD.validate(item, copy);
    } catch (HubException refused) {
      assertThat(refused.code()).isEqualTo(ErrorCode.COPY_NOT_STANDARD);
      assertThat(refused.detail()).isNotBlank();
      return;
    }
    assertThat(STANDARD.validate(item, normal)).isEqualTo(normal);
  }
}
