package jp.jukihub.audit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One chain's witnessed checkpoints against its records: each witnessed record must still be in the
 * trail with the hash the witness holds. Records before the first one verified (pruned, or in an
 * earlier exported month) are not judged; past the last, only when the whole trail is verified.
 */
final class WitnessCheck {
  private final NavigableMap<Long, List<AuditWitness.Line>> lines;
  private final boolean throughHead;
  private long matched;

  /**
   * @param throughHead the chain is verified up to its head, so a witnessed record past its last
   *     record has been cut off
   */
  WitnessCheck(NavigableMap<Long, List<AuditWitness.Line>> lines, boolean throughHead) {
    this.lines = lines;
    this.throughHead = throughHead;
  }

  static WitnessCheck none() {
    return new WitnessCheck(new TreeMap<>(), false);
  }

  /** Null when the record agrees with every witnessed checkpoint at its seq, or has none. */
  Finding check(ChainedRecord record) {
    List<AuditWitness.Line> witnessed = lines.get(record.seq());
    if (witnessed == null) {
      return null;
    }
    for (AuditWitness.Line line : witnessed) {
      if (!Arrays.equals(line.checkpoint().recordHash(), record.hash())) {
        return new Finding(
            record.seq(),
            Finding.Kind.WITNESS_MISMATCH,
            "the witnessed checkpoint at "
                + line.describe()
                + " signed hash "
                + shortHex(line.checkpoint().recordHash())
                + ", the trail's record has "
                + shortHex(record.hash())
                + ": the trail was rewritten and re-signed after it was witnessed");
      }
    }
    matched++;
    return null;
  }

  /** After the last record: a witnessed record past it, when there should be none. */
  Finding finish(long lastSeq) {
    if (!throughHead) {
      return null;
    }
    Map.Entry<Long, List<AuditWitness.Line>> beyond = lines.higherEntry(lastSeq);
    if (beyond == null) {
      return null;
    }
    return new Finding(
        beyond.getKey(),
        Finding.Kind.WITNESS_MISSING,
        "the witnessed checkpoint at "
            + beyond.getValue().get(0).describe()
            + " covers a record the trail no longer holds (it ends at record "
            + lastSeq
            + "): cut off after it was witnessed");
  }

  long matched() {
    return matched;
  }

  private static String shortHex(byte[] hash) {
    return HexFormat.of().formatHex(hash, 0, 8) + "...";
  }
}
