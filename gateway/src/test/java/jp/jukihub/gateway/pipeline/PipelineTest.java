package jp.jukihub.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import jp.jukihub.gateway.body.BodyRegistry;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private final BodyRegistry bodies = BodyRegistry.load(null);

  @Test
  void should_accept_stages_in_their_declared_order() {
    Pipeline pipeline =
        Pipeline.of(List.of(new RequestIdStage(), new CallerIdentityStage(bodies, true)));
    assertThat(pipeline.stageIds()).containsExactly("request-id", "caller-identity");
  }

  @Test
  void should_refuse_to_build_when_identity_would_run_before_the_request_id() {
    assertThatThrownBy(
            () -> Pipeline.of(List.of(new CallerIdentityStage(bodies, true), new RequestIdStage())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'request-id'")
        .hasMessageContaining("cannot follow 'caller-identity'");
  }

  @Test
  void should_generate_distinct_hex_request_ids() {
    assertThat(RequestIdStage.generate())
        .matches("[0-9a-f]{32}")
        .isNotEqualTo(RequestIdStage.generate());
  }
}
