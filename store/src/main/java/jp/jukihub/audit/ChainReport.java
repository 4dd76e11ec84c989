package jp.jukihub.audit;

import java.util.Optional;

/** One chain's verification result: what was checked and the first problem, if any. */
public record ChainReport(
    String chain,
    long firstSeq,
    long lastSeq,
    long records,
    long checkpoints,
    long witnessed,
    Optional<Finding> finding) {

  public ChainReport(
      String chain,
      long firstSeq,
      long lastSeq,
      long records,
      long checkpoints,
      Optional<Finding> finding) {
    this(chain, firstSeq, lastSeq, records, checkpoints, 0, finding);
  }

  public boolean intact() {
    return finding.isEmpty();
  }

  /** One line for the terminal. */
  public String describe() {
    String range =
        records == 0
            ? "no records"
            : String.format("records %d-%d (%,d)", firstSeq, lastSeq, records);
    return finding
        .map(
            f ->
                String.format(
                    "chain %s: FAILED at record %d [%s]: %s",
                    chain, f.seq(), f.kind(), f.message()))
        .orElse(
            String.format(
                "chain %s: intact, %s, %,d signed checkpoints%s",
                chain,
                range,
                checkpoints,
                witnessed == 0
                    ? ""
                    : String.format(", %,d witnessed checkpoints match", witnessed)));
  }
}
