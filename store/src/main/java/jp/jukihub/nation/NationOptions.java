package jp.jukihub.nation;

import java.time.LocalDate;

/**
 * What nation to generate: how many residents, from which seed, with ages as of which day. The same
 * options and the same J-LIS key always give the same nation.
 */
public record NationOptions(long residents, long seed, LocalDate asOf) {
  public static final long DEFAULT_SEED = 20160101L;

  /** Fixed, not "today", so that a seed means the same nation on any day. */
  public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 4, 1);

  public static final long MAX_RESIDENTS = 130_000_000L;

  public NationOptions {
    if (residents < 1 || residents > MAX_RESIDENTS) {
      throw new IllegalArgumentException(
          "residents must be between 1 and " + MAX_RESIDENTS + ", got " + residents);
    }
  }

  public static NationOptions of(long residents, long seed) {
    return new NationOptions(residents, seed, DEFAULT_AS_OF);
  }
}
