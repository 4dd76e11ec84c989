package jp.jukihub.loadtest;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A choice and its weight; {@link #draw} picks among a few in proportion to their weights (the
 * mixes' callers and affairs, the kinds of query).
 */
record Weighted<T>(double weight, T value) {
  Weighted {
    if (!(weight >= 0)) {
      throw new IllegalArgumentException("a weight is at least 0, got " + weight);
    }
  }

  /** One of {@code choices}, each as likely as its share of the weights' sum. */
  static <T> T draw(List<Weighted<T>> choices, RandomGenerator random) {
    double r = random.nextDouble() * choices.stream().mapToDouble(Weighted::weight).sum();
    T last = null;
    for (Weighted<T> choice : choices) {
      last = choice.value();
      if (r < choice.weight()) {
        return last;
      }
      r -= choice.weight();
    }
    if (last == null) {
      throw new IllegalArgumentException("nothing to choose from");
    }
    return last; // r at the sum, by rounding
  }
}
