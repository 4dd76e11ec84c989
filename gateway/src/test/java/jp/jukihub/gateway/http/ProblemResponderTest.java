package jp.jukihub.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;

class ProblemResponderTest {
  @Test
  void should_keep_a_detail_that_holds_no_personal_number() {
    JsonObject problem =
        ProblemResponder.json(
            new HubException(ErrorCode.INVALID_REQUEST, "limit: at most 1000"), "r-1");

    assertThat(problem.getString("detail")).isEqualTo("limit: at most 1000");
    assertThat(problem.getString("code")).isEqualTo("INVALID_REQUEST");
    assertThat(problem.getInteger("status")).isEqualTo(400);
  }

  @Test
  void should_withhold_a_detail_that_holds_a_my_number_or_resident_code_shape() {
    for (String detail : new String[] {"field 123456789012 unknown", "code 1234-5678-901 odd"}) {
      JsonObject problem =
          ProblemResponder.json(new HubException(ErrorCode.INVALID_REQUEST, detail), "r-1");

      assertThat(problem.encode()).doesNotContain("123456789012").doesNotContain("1234-5678-901");
      assertThat(problem.getString("detail")).isEqualTo(ErrorCode.INVALID_REQUEST.title());
      assertThat(problem.getString("code")).isEqualTo("INVALID_REQUEST");
    }
  }
}
