package jp.jukihub.gateway.input;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;

class JsonInputTest {
  @Test
  void should_name_the_allowed_fields_and_never_the_unknown_ones() {
    Buffer body = Buffer.buffer("{\"myNumber\":\"x\",\"123456789012\":1,\"colour\":2}");

    assertThatThrownBy(() -> JsonInput.of(body, Set.of("myNumber", "affair")))
        .isInstanceOf(HubException.class)
        .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_REQUEST)
        .hasMessage("the body has 2 unknown field(s); allowed: affair, myNumber");
  }

  @Test
  void should_name_the_nested_object_whose_field_is_unknown() {
    Buffer body = Buffer.buffer("{\"query\":{\"a123456789012\":1}}");

    assertThatThrownBy(
            () -> JsonInput.of(body, Set.of("query")).optionalObject("query", Set.of("item")))
        .isInstanceOf(HubException.class)
        .hasMessage("query has 1 unknown field(s); allowed: item");
  }
}
