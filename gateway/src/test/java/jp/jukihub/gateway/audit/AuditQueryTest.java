package jp.jukihub.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;

class AuditQueryTest {
  private static final Set<String> ALLOWED = Set.of("from", "to", "cursor");

  private static AuditQuery query(String name, String value) {
    return AuditQuery.of(MultiMap.caseInsensitiveMultiMap().add(name, value), ALLOWED);
  }

  @Test
  void should_refuse_as_invalid_request_when_from_is_far_beyond_any_record() {
    // Found by AuditQueryFuzzTest: the instant parsed, then overflowed the database's microseconds.
    assertThatThrownBy(() -> query("from", "+999999999-12-31T23:59:59Z").from())
        .isInstanceOfSatisfying(
            HubException.class,
            refused -> {
              assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
              assertThat(refused.detail())
                  .isEqualTo("from must be an instant in the years 1970 to 2199");
            });
  }

  @Test
  void should_refuse_as_invalid_request_when_to_is_far_before_any_record() {
    assertThatThrownBy(() -> query("to", "-999999999-01-01T00:00:00Z").to())
        .isInstanceOfSatisfying(
            HubException.class,
            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @Test
  void should_refuse_as_not_issued_when_a_cursor_holds_a_time_beyond_the_range() {
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("9223372036854775807:1:national".getBytes());

    assertThatThrownBy(() -> query("cursor", forged).cursor())
        .isInstanceOfSatisfying(
            HubException.class,
            refused -> assertThat(refused.detail()).isEqualTo("cursor is not one this API issued"));
  }

  @Test
  void should_refuse_as_invalid_request_when_to_is_past_2262() {
    // Found by AuditQueryFuzzTest's long run: microseconds counted through nanoseconds overflow.
    assertThatThrownBy(() -> query("to", "4052-11-01T00:00:00Z").to())
        .isInstanceOfSatisfying(
            HubException.class,
            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @Test
  void should_read_instants_when_within_the_range() {
    assertThat(query("to", "2199-12-31T23:59:59.999999Z").to())
        .isEqualTo(Instant.parse("2199-12-31T23:59:59.999999Z"));
  }
}
