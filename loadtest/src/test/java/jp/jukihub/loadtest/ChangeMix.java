package jp.jukihub.loadtest;

import java.util.random.RandomGenerator;

/**
 * Which municipal event comes next. Moves (a move-out and the move-in at the destination) are the
 * share the caller sets; the rest is births, deaths and corrections in the ratio of Japan's yearly
 * figures: about 0.73 million births and 1.57 million deaths (2023), and corrections of name or
 * address within the municipality (転居, a change of address inside it, is the most common) about as
 * many as deaths. Moves are about 5.7 million people a year by transfer notices (seed 004), so 0.7
 * over a year; March and April, the moving season, carry about a third of them, so the default is
 * 0.8.
 */
record ChangeMix(double moveShare) {
  static final double DEFAULT_MOVE_SHARE = 0.8;

  /** Births : deaths : corrections, for the share that is not moves. */
  static final double BIRTHS = 0.73;

  static final double DEATHS = 1.57;
  static final double CORRECTIONS = 1.5;

  enum Event {
    BIRTH,
    MOVE,
    CORRECTION,
    DEATH
  }

  ChangeMix {
    if (!(moveShare >= 0 && moveShare <= 1)) {
      throw new IllegalArgumentException("moveShare must be 0-1, got " + moveShare);
    }
  }

  Event next(RandomGenerator random) {
    double r = random.nextDouble();
    if (r < moveShare) {
      return Event.MOVE;
    }
    double rest = (r - moveShare) / (1 - moveShare) * (BIRTHS + DEATHS + CORRECTIONS);
    if (rest < BIRTHS) {
      return Event.BIRTH;
    }
    return rest < BIRTHS + DEATHS ? Event.DEATH : Event.CORRECTION;
  }
}
