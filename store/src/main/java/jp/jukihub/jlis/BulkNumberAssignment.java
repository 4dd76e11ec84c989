package jp.jukihub.jlis;

import java.util.HashSet;
import java.util.Set;
import jp.jukihub.number.MyNumber;
import jp.jukihub.number.ResidentCode;

/**
 * The initial, bulk assignment of numbers for many resident codes in one pass: each code gets its
 * first candidate that no earlier code in the pass holds. Same key, same codes in the same order:
 * same numbers.
 */
public final class BulkNumberAssignment {
  private static final int MAX_ATTEMPTS = 1_000;

  private final MyNumberGenerator generator;
  private final Set<String> issued = new HashSet<>();
  private long collisions;

  public BulkNumberAssignment(MyNumberGenerator generator) {
    this.generator = generator;
  }

  public MyNumber assign(ResidentCode residentCode) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      MyNumber candidate = generator.candidate(residentCode, attempt);
      if (issued.add(candidate.value())) {
        return candidate;
      }
      collisions++;
    }
    throw new IllegalStateException("no free My Number after " + MAX_ATTEMPTS + " attempts");
  }

  /** How many candidates were skipped because another code already held them. */
  public long collisions() {
    return collisions;
  }
}
