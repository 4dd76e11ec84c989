package jp.jukihub.gateway.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProvisionMetersTest {
  static final Set<String> ITEMS = Set.of("household", "local-tax-income");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ProvisionMeters meters = new ProvisionMeters(registry, ITEMS);

  double count(String name, String key, String value, String key2, String value2) {
    Counter counter = registry.find(name).tag(key, value).tag(key2, value2).counter();
    assertThat(counter).as(name + " " + value + " " + value2).isNotNull();
    return counter.count();
  }

  @ParameterizedTest
  @CsvSource({
    "hub.provision.queries, item, household, outcome, ok",
    "hub.provision.queries, item, household, outcome, AUDIT_UNAVAILABLE",
    "hub.provision.queries, item, local-tax-income, outcome, STORE_UNAVAILABLE",
    "hub.provision.queries, item, local-tax-income, outcome, INTERNAL",
    "hub.provision.copies, item, household, action, registered",
    "hub.provision.copies, item, local-tax-income, action, withdrawn",
    "hub.provision.tokens, source, request, outcome, acquired",
    "hub.provision.tokens, source, request, outcome, refused",
    "hub.provision.tokens, source, request, outcome, failed"
  })
  void should_hold_a_zero_series_when_nothing_has_happened_yet(
      String name, String key, String value, String key2, String value2) {
    assertThat(count(name, key, value, key2, value2)).isZero();
  }

  @Test
  void should_count_by_item_and_problem_code_when_queries_are_answered() {
    meters.query("household", null);
    meters.query("household", ErrorCode.NO_COPY);
    meters.query("local-tax-income", ErrorCode.INTERNAL);

    assertThat(count("hub.provision.queries", "item", "household", "outcome", "ok")).isEqualTo(1);
    assertThat(count("hub.provision.queries", "item", "household", "outcome", "NO_COPY"))
        .isEqualTo(1);
    assertThat(count("hub.provision.queries", "item", "local-tax-income", "outcome", "INTERNAL"))
        .isEqualTo(1);
  }

  @Test
  void should_count_as_other_when_the_item_is_unknown_or_missing() {
    meters.query("my-own-words", ErrorCode.EXCHANGE_NOT_PERMITTED);
    meters.query(null, ErrorCode.INVALID_REQUEST);
    meters.copy("my-own-words", "registered");

    assertThat(count("hub.provision.queries", "item", "other", "outcome", "EXCHANGE_NOT_PERMITTED"))
        .isEqualTo(1);
    assertThat(count("hub.provision.queries", "item", "other", "outcome", "INVALID_REQUEST"))
        .isEqualTo(1);
    assertThat(count("hub.provision.copies", "item", "other", "action", "registered")).isEqualTo(1);
    assertThat(registry.find("hub.provision.queries").tag("item", "my-own-words").counters())
        .isEmpty();
  }

  @Test
  void should_tell_refused_from_failed_when_tokens_are_acquired() {
    meters.token(null);
    meters.token(new HubException(ErrorCode.ACQUISITION_NUMBER_REUSED, "reused"));
    meters.token(new HubException(ErrorCode.STORE_UNAVAILABLE, "down"));

    assertThat(count("hub.provision.tokens", "source", "request", "outcome", "acquired"))
        .isEqualTo(1);
    assertThat(count("hub.provision.tokens", "source", "request", "outcome", "refused"))
        .isEqualTo(1);
    assertThat(count("hub.provision.tokens", "source", "request", "outcome", "failed"))
        .isEqualTo(1);
  }
}
