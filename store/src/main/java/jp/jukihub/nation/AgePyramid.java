package jp.jukihub.nation;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import jp.jukihub.person.Sex;

/**
 * Japan's population by sex and five-year age band (thousands; rounded from the Statistics Bureau's
 * population estimates for October 2022). Draws an age with the nation's shape: few children, a
 * bulge at 45-54 and 70-74, women outliving men.
 */
final class AgePyramid {
  // Bands 0-4, 5-9, ..., 95-99, 100-104.
  private static final int[] MALE = {
    2190, 2500, 2690, 2820, 3130, 3240, 3310, 3700, 4100, 4890, 4550, 3960, 3680, 3950, 4450, 3200,
    2350, 1330, 450, 80, 10
  };
  private static final int[] FEMALE = {
    2080, 2380, 2560, 2680, 2980, 3090, 3190, 3600, 4000, 4760, 4490, 3960, 3750, 4150, 4950, 3850,
    3250, 2500, 1380, 430, 80
  };
  private static final int BAND = 5;
  static final int OLDEST = MALE.length * BAND - 1;

  private record Band(int from, int weight) {}

  private final WeightedChoice<Band> male;
  private final WeightedChoice<Band> female;

  /** The pyramid cut to ages {@code minAge} and over (e.g. 18 for a household head). */
  AgePyramid(int minAge) {
    this.male = bands(MALE, minAge);
    this.female = bands(FEMALE, minAge);
  }

  private static WeightedChoice<Band> bands(int[] thousands, int minAge) {
    List<Band> bands = new ArrayList<>();
    for (int i = 0; i < thousands.length; i++) {
      int from = Math.max(i * BAND, minAge);
      int to = i * BAND + BAND - 1;
      if (from <= to) {
        // Part of a band counts in proportion to the years it keeps.
        bands.add(new Band(from, thousands[i] * (to - from + 1) / BAND));
      }
    }
    return new WeightedChoice<>(bands, Band::weight);
  }

  /**
   * An age from the pyramid within [{@code min}, {@code max}] (a child's age given its parent's,
   * say), by rejection; uniform in the range if the pyramid rarely reaches it.
   */
  int ageBetween(Sex sex, int min, int max, RandomGenerator random) {
    for (int attempt = 0; attempt < 32; attempt++) {
      int age = age(sex, random);
      if (age >= min && age <= max) {
        return age;
      }
    }
    return min + random.nextInt(max - min + 1);
  }

  int age(Sex sex, RandomGenerator random) {
    Band band = (sex == Sex.MALE ? male : female).pick(random);
    int to = (band.from() / BAND) * BAND + BAND - 1;
    return band.from() + random.nextInt(to - band.from() + 1);
  }
}
