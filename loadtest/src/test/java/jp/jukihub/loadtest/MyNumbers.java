package jp.jukihub.loadtest;

import java.util.random.RandomGenerator;

/**
 * My Numbers that no resident holds. The load test speaks to the hub over HTTP only, so it makes
 * them itself: 11 random digits and the check digit of 総務省令第85号 art. 5 (weights
 * 6,5,4,3,2,7,6,5,4,3,2; r = sum mod 11; 0 if r <= 1, else 11 - r). A random number is one of
 * 10^11, so the chance it belongs to one of a sampled nation's residents is negligible.
 */
final class MyNumbers {
  private static final int[] WEIGHTS = {6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

  private MyNumbers() {}

  static int checkDigit(String base) {
    int sum = 0;
    for (int i = 0; i < WEIGHTS.length; i++) {
      sum += (base.charAt(i) - '0') * WEIGHTS[i];
    }
    int r = sum % 11;
    return r <= 1 ? 0 : 11 - r;
  }

  /** A well-formed number, most likely held by nobody. */
  static String unknown(RandomGenerator random) {
    String base = String.format("%011d", random.nextLong(100_000_000_000L));
    return base + checkDigit(base);
  }

  /** A number the hub must refuse as malformed: half with a wrong check digit, half too short. */
  static String malformed(RandomGenerator random) {
    String valid = unknown(random);
    if (random.nextBoolean()) {
      return valid.substring(0, 11);
    }
    int wrong = (valid.charAt(11) - '0' + 1 + random.nextInt(9)) % 10;
    return valid.substring(0, 11) + wrong;
  }
}
