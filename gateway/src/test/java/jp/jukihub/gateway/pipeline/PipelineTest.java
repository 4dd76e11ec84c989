package jp.jukihub.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import jp.jukihub.gateway.body.BodyRegistry;
import org.junit.jupiter.api.Test;

class PipelineTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T06:00:00Z"), ZoneOffset.UTC);

  private final BodyRegistry bodies = BodyRegistry.load(null);

  @Test
  void should_accept_stages_in_their_declared_order() {
    Pipeline pipeline =
        Pipeline.of(List.of(new RequestIdStage(CLOCK), CallerIdentityStage.development(bodies)));
    assertThat(pipeline.stageIds()).containsExactly("request-id", "caller-identity");
  }

  @Test
  void should_refuse_to_build_when_identity_would_run_before_the_request_id() {
    assertThatThrownBy(
            () ->
                Pipeline.of(
                    List.of(CallerIdentityStage.development(bodies), new RequestIdStage(CLOCK))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'request-id'")
        .hasMessageContaining("cannot follow 'caller-identity'");
  }

  @Test
  void should_refuse_a_routes_stage_when_it_would_run_before_the_shared_ones() {
    Pipeline shared =
        Pipeline.of(List.of(new RequestIdStage(CLOCK), CallerIdentityStage.development(bodies)));
    assertThatThrownBy(() -> shared.then(List.of(new RequestIdStage(CLOCK))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot follow 'caller-identity'");
  }

  @Test
  void should_continue_the_order_when_a_route_adds_validation_then_authorisation() {
    Pipeline shared =
        Pipeline.of(List.of(new RequestIdStage(CLOCK), CallerIdentityStage.development(bodies)));
    Pipeline route =
        shared.then(
            List.of(
                stage("json-body", Phase.INPUT_VALIDATION),
                stage("authorisation", Phase.AUTHORISATION)));
    assertThat(route.stageIds()).containsExactly("json-body", "authorisation");
    assertThatThrownBy(
            () ->
                shared.then(
                    List.of(
                        stage("authorisation", Phase.AUTHORISATION),
                        stage("json-body", Phase.INPUT_VALIDATION))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'json-body' (INPUT_VALIDATION) cannot follow 'authorisation'");
  }

  private static Stage stage(String id, Phase phase) {
    return new Stage() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Phase phase() {
        return phase;
      }

      @Override
      public Future<Void> apply(RequestContext request) {
        return Future.succeededFuture();
      }
    };
  }

  @Test
  void should_generate_distinct_hex_request_ids_that_sort_by_time() {
    String id = RequestIdStage.generate(CLOCK);
    assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo(RequestIdStage.generate(CLOCK));
    assertThat(id).startsWith(String.format("%012x", CLOCK.millis()));
    Clock later = Clock.offset(CLOCK, Duration.ofMillis(1));
    assertThat(RequestIdStage.generate(later)).isGreaterThan(id);
  }

  @Test
  void should_take_a_request_id_only_when_it_is_a_sane_token() {
    assertThat(RequestIdStage.isSane("req-42.a_b:c")).isTrue();
    assertThat(RequestIdStage.isSane("")).isFalse();
    assertThat(RequestIdStage.isSane("a".repeat(64))).isTrue();
    assertThat(RequestIdStage.isSane("a".repeat(65))).isFalse();
    assertThat(RequestIdStage.isSane("two words")).isFalse();
    assertThat(RequestIdStage.isSane("line\nbreak")).isFalse();
    assertThat(RequestIdStage.isSane("\u30A2")).isFalse();
  }
}
