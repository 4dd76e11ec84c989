package jp.jukihub.nation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How many of the N residents each municipality gets: in proportion to its population by the
 * largest-remainder method, so the counts add up to N exactly. When N allows, every inhabited
 * municipality gets at least one resident (青ヶ島村 has under 200 people; proportion alone would leave
 * it empty until N is in the millions).
 */
final class ResidentAllocation {
  private ResidentAllocation() {}

  static long[] allocate(List<Municipality> municipalities, long total) {
    int n = municipalities.size();
    long[] counts = new long[n];
    long floor = total >= n ? 1 : 0;
    long distributable = total - floor * n;
    double population = municipalities.stream().mapToLong(Municipality::population).sum();
    double[] remainders = new double[n];
    long assigned = 0;
    for (int i = 0; i < n; i++) {
      double exact = distributable * (municipalities.get(i).population() / population);
      counts[i] = floor + (long) exact;
      remainders[i] = exact - (long) exact;
      assigned += counts[i];
    }
    Integer[] byRemainder =
        IntStream.range(0, n)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> -remainders[i]))
            .toArray(Integer[]::new);
    for (int k = 0; assigned < total; k++, assigned++) {
      counts[byRemainder[k % n]]++;
    }
    assert Arrays.stream(counts).sum() == total;
    return counts;
  }
}
