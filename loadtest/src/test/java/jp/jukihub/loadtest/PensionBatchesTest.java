package jp.jukihub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import jp.jukihub.loadtest.PensionBatches.Answer;
import org.junit.jupiter.api.Test;

class PensionBatchesTest {
  @Test
  void should_make_batches_within_the_bounds_when_drawing() {
    PensionBatches batches =
        new PensionBatches(LookupDrawTest.RESIDENTS, 100, 1000, new SplittableRandom(3));
    for (int i = 0; i < 50; i++) {
      Map<String, Object> batch = batches.next();
      int lines = (Integer) batch.get("lines");
      assertThat(lines).isBetween(100, 1000);
      assertThat(((String) batch.get("batch")).split("\n"))
          .hasSize(lines)
          .allSatisfy(
              line ->
                  assertThat(line).startsWith("{\"affair\":\"t1-pension-status\",\"myNumber\":\""));
    }
  }

  @Test
  void should_count_every_line_when_all_came_back_in_order() {
    Answer answer =
        PensionBatches.read(
            "{\"line\":1,\"status\":200,\"answer\":{}}\n{\"line\":2,\"status\":404,\"problem\":{}}\n");

    assertThat(answer).isEqualTo(new Answer(2, 1, true));
  }

  @Test
  void should_see_a_gap_when_a_line_is_missing() {
    Answer answer =
        PensionBatches.read("{\"line\":1,\"status\":200}\n{\"line\":3,\"status\":200}\n");

    assertThat(answer.inOrder()).isFalse();
    assertThat(answer).isNotEqualTo(new Answer(3, 3, true));
  }
}
