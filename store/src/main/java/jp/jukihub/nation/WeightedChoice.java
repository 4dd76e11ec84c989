package jp.jukihub.nation;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/** Picks items in proportion to their weights: a cumulative table and a binary search. */
final class WeightedChoice<T> {
  private final List<T> items;
  private final double[] cumulative;

  WeightedChoice(List<T> items, ToDoubleFunction<T> weight) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("nothing to choose from");
    }
    this.items = List.copyOf(items);
    this.cumulative = new double[items.size()];
    double total = 0;
    for (int i = 0; i < items.size(); i++) {
      double w = weight.applyAsDouble(items.get(i));
      if (w < 0) {
        throw new IllegalArgumentException("negative weight");
      }
      total += w;
      cumulative[i] = total;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("all weights are zero");
    }
  }

  T pick(RandomGenerator random) {
    double target = random.nextDouble() * cumulative[cumulative.length - 1];
    int index = Arrays.binarySearch(cumulative, target);
    if (index < 0) {
      index = -index - 1;
    }
    return items.get(Math.min(index, items.size() - 1));
  }
}
