package jp.jukihub.bench;

import java.util.List;

/** The median of a few measurements (of rounds): the middle one, or the mean of the middle two. */
final class Median {
  private Median() {}

  static double of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
