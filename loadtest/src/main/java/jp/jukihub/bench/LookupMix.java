package jp.jukihub.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.number.MyNumber;

/**
 * Which My Numbers the lookup benchmark asks for: every {@value #COLD_EVERY}th request a number
 * from the cold list, taken in turn from an offset the caller moves on between runs, and the others
 * cycling through the hot list. With a cache that holds the hot list but not the nation, about nine
 * lookups in ten are cache hits. The wrk script ({@link WrkLoad}) and the fixed-rate load ({@link
 * FixedRateLoad}) both follow this order.
 */
record LookupMix(List<String> hot, List<String> cold) {
  static final int COLD_EVERY = 10;

  /**
   * In the fixed-rate run, request {@code n} with {@code n % UNKNOWN_EVERY == UNKNOWN_AT} asks for
   * a valid My Number nobody holds, new each time (as one probing for numbers would): its answer
   * must take as long as a known person's, or the time would tell who exists.
   */
  static final int UNKNOWN_EVERY = 20;

  static final int UNKNOWN_AT = 5;
  static final String PATH = "/v1/identity/lookup";
  static final String CALLER = "jps";
  static final String OPERATOR = "officer-3";
  static final String AFFAIR = "t1-national-pension";

  LookupMix {
    hot = List.copyOf(hot);
    cold = List.copyOf(cold);
    if (hot.isEmpty() || cold.isEmpty()) {
      throw new IllegalArgumentException("the mix needs hot and cold numbers");
    }
  }

  /** A lookup's body; its length does not depend on the number (always 12 digits). */
  static String body(String myNumber) {
    return "{\"affair\":\"" + AFFAIR + "\",\"myNumber\":\"" + myNumber + "\"}";
  }

  /**
   * Every My Number of the national tier, shuffled with {@code seed}: the first {@code hotCount}
   * are the hot list, the rest the cold list.
   */
  static LookupMix draw(DatabaseTarget database, int hotCount, long seed) throws SQLException {
    List<String> numbers = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT my_number FROM national.identity WHERE my_number IS NOT NULL ORDER BY person_id")) {
      while (rows.next()) {
        numbers.add(rows.getString(1));
      }
    }
    if (numbers.size() < hotCount * 2) {
      throw new IllegalStateException(
          "the nation has "
              + numbers.size()
              + " My Numbers; a hot list of "
              + hotCount
              + " needs twice as many");
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = numbers.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String swap = numbers.get(i);
      numbers.set(i, numbers.get(j));
      numbers.set(j, swap);
    }
    return new LookupMix(numbers.subList(0, hotCount), numbers.subList(hotCount, numbers.size()));
  }

  /**
   * {@code count} valid My Numbers (their check digits right) that no one in the mix holds, the
   * same each time: 11 digits spread over the whole space by an odd multiplier, stepped past any
   * held.
   */
  List<String> unknowns(int count) {
    Set<String> held = new HashSet<>(hot);
    held.addAll(cold);
    List<String> unknowns = new ArrayList<>(count);
    for (long n = 1; unknowns.size() < count; n++) {
      long base = Math.floorMod(n * 7_919_000_003L + 12_345_678_901L, 100_000_000_000L);
      String number = MyNumber.fromBase(base).value();
      if (!held.contains(number)) {
        unknowns.add(number);
      }
    }
    return unknowns;
  }

  /** The number the {@code n}th request (from 1) of a stream asks for. */
  String number(long n, long coldOffset) {
    if (n % COLD_EVERY == 0) {
      return cold.get((int) ((coldOffset + n / COLD_EVERY) % cold.size()));
    }
    return hot.get((int) ((n - 1 - n / COLD_EVERY) % hot.size()));
  }

  /**
   * Where the next run should start in the cold list so as not to repeat the last one's numbers.
   */
  long coldOffsetAfter(long coldOffset, long requests) {
    return coldOffset + requests / COLD_EVERY + 1;
  }
}
