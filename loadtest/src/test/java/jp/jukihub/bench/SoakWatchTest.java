package jp.jukihub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoakWatchTest {
  /** Samples every 15 s for an hour: the heap as given, the rest steady. */
  private static List<double[]> hour(java.util.function.DoubleUnaryOperator heap) {
    List<double[]> samples = new ArrayList<>();
    for (int s = 0; s <= 3600; s += 15) {
      // A full collection every five minutes: the sixth column counts them.
      samples.add(new double[] {s, heap.applyAsDouble(s), 120, 40, s % 30 == 0 ? 0 : 12, s / 300});
    }
    return samples;
  }

  @Test
  void should_fit_the_slope_of_a_line() {
    assertThat(SoakWatch.slope(hour(s -> 100 + s / 60.0), 1)).isCloseTo(1 / 60.0, within(1e-9));
    assertThat(SoakWatch.slope(hour(s -> 100), 1)).isZero();
  }

  @Test
  void should_call_a_steady_hub_flat_and_a_growing_heap_not() {
    StringWriter text = new StringWriter();

    assertThat(SoakWatch.report(hour(s -> 250 + Math.sin(s) * 5), 0, new PrintWriter(text, true)))
        .isTrue();
    assertThat(SoakWatch.report(hour(s -> 250 + s / 60.0), 0, new PrintWriter(text, true)))
        .as("60 MB an hour")
        .isFalse();
    assertThat(text.toString()).contains("old generation after GC (MB)").contains("NO");
  }

  @Test
  void should_leave_the_warm_up_out_of_the_fit() {
    StringWriter text = new StringWriter();
    // Threads climb for the first ten minutes as scenarios start, then hold.
    List<double[]> samples = hour(s -> 250);
    samples.forEach(sample -> sample[3] = Math.min(sample[0], 600) / 10);

    assertThat(SoakWatch.report(samples, 600, new PrintWriter(text, true))).isTrue();
    assertThat(SoakWatch.report(samples, 0, new PrintWriter(text, true))).isFalse();
  }

  @Test
  void should_judge_the_heap_on_full_collections_only() {
    StringWriter text = new StringWriter();
    // Promoted garbage climbs between full collections and is gone after each: no leak.
    List<double[]> samples = hour(s -> 100 + (s % 300));

    assertThat(SoakWatch.afterFullCollections(samples)).hasSize(12);
    assertThat(SoakWatch.report(samples, 0, new PrintWriter(text, true))).isTrue();
  }
}
