package jp.jukihub.audit;

import java.util.Arrays;
import java.util.HashSet;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one chain record by record, in the order the evidence holds them: numbering, links, hashes
 * and the signed checkpoints. Stops at the first break and names the record and the kind of
 * tampering that explains it. Fed one record at a time, so chains of any length verify in constant
 * memory.
 */
final class ChainVerifier {
  private final String chain;
  private final NavigableMap<Long, Checkpoint> checkpoints;
  private final AuditKeyRing keys;
  private final Set<Long>
      signedSeqs; // checkpoints whose signature verifies: checked once, up front
  private final Long headSeq;
  private final long maxUnsigned;
  private final RecordHasher hasher = new RecordHasher();
  private final WitnessCheck witness;

  private boolean started;
  private long expected;
  private byte[] prev;
  private byte[] beforePrev;
  private long firstSeq;
  private long records;
  private long checkpointsVerified;
  private long lastCheckpointSeq;
  private ChainedRecord unlinked;
  private Finding finding;

  /**
   * @param start where the chain is known to resume (genesis, or the anchor of a pruned month);
   *     null to trust the first record's link (verifying a time range or one exported month)
   * @param headSeq the last record the store says exists, when verifying to the end
   */
  ChainVerifier(
      String chain,
      ChainHead start,
      NavigableMap<Long, Checkpoint> checkpoints,
      AuditKeyRing keys,
      Long headSeq,
      WitnessCheck witness) {
    this.chain = chain;
    this.witness = witness;
    this.checkpoints = checkpoints;
    this.keys = keys;
    this.headSeq = headSeq;
    // The writer signs into each checkpoint how many records it may leave between two; more means
    // checkpoints were deleted, which would hide a rewrite. Only signed promises count.
    this.signedSeqs = new HashSet<>();
    long promised = 0;
    for (Checkpoint checkpoint : checkpoints.values()) {
      if (keys.verifies(checkpoint)) {
        signedSeqs.add(checkpoint.seq());
        promised = Math.max(promised, checkpoint.maxUnsigned());
      }
    }
    this.maxUnsigned = promised;
    if (start != null) {
      started = true;
      expected = start.seq() + 1;
      prev = start.hash();
      lastCheckpointSeq = start.seq();
    }
  }

  void accept(ChainedRecord record) {
    if (finding != null) {
      return;
    }
    if (!started) {
      started = true;
      expected = record.seq();
      prev = record.prevHash();
      lastCheckpointSeq = record.seq() - 1;
    }
    if (records == 0) {
      firstSeq = record.seq();
    }
    if (unlinked != null) {
      decideUnlinked(record);
      return;
    }
    if (record.seq() > expected) {
      fail(
          expected,
          Finding.Kind.DELETED,
          expected == record.seq() - 1
              ? "record " + expected + " is missing: deleted"
              : "records " + expected + " to " + (record.seq() - 1) + " are missing: deleted");
      return;
    }
    if (record.seq() < expected) {
      fail(
          expected,
          Finding.Kind.INSERTED,
          "a record numbered "
              + record.seq()
              + " stands where record "
              + expected
              + " belongs: inserted or reordered");
      return;
    }
    if (!Arrays.equals(record.prevHash(), prev)) {
      if (beforePrev != null && Arrays.equals(record.prevHash(), beforePrev)) {
        fail(
            expected - 1,
            Finding.Kind.INSERTED,
            "record "
                + (expected - 1)
                + " was inserted: record "
                + expected
                + " links past it to record "
                + (expected - 2));
      } else {
        unlinked = record; // the next record tells a swap from any other break
      }
      return;
    }
    check(record);
  }

  private void decideUnlinked(ChainedRecord next) {
    long seq = unlinked.seq();
    if (Arrays.equals(next.prevHash(), prev)) {
      fail(
          seq,
          Finding.Kind.REORDERED,
          "records " + seq + " and " + next.seq() + " are out of order: reordered");
    } else {
      brokenLink();
    }
  }

  private void brokenLink() {
    long seq = unlinked.seq();
    fail(
        seq,
        Finding.Kind.BROKEN_LINK,
        "record "
            + seq
            + " does not link to record "
            + (seq - 1)
            + ": records were inserted, deleted or reordered here");
  }

  private void check(ChainedRecord record) {
    if (!Arrays.equals(hasher.hash(prev, record), record.hash())) {
      fail(
          record.seq(),
          Finding.Kind.MODIFIED,
          "record " + record.seq() + " was modified: its contents do not match its hash");
      return;
    }
    Checkpoint checkpoint = checkpoints.get(record.seq());
    if (checkpoint != null) {
      if (!signedSeqs.contains(checkpoint.seq())) {
        fail(
            record.seq(),
            Finding.Kind.FORGED_CHECKPOINT,
            "the checkpoint at record "
                + record.seq()
                + " carries no valid signature of a trusted key ("
                + keys.ids()
                + "): forged");
        return;
      }
      if (!Arrays.equals(checkpoint.recordHash(), record.hash())) {
        fail(
            lastCheckpointSeq + 1,
            Finding.Kind.REWRITTEN,
            "records "
                + (lastCheckpointSeq + 1)
                + " to "
                + record.seq()
                + " were rewritten: the signed checkpoint at record "
                + record.seq()
                + " does not match");
        return;
      }
      checkpointsVerified++;
      lastCheckpointSeq = record.seq();
    } else if (unsignedTooLong(record.seq())) {
      return;
    }
    // After the checks above, which name a plain rewrite better; this one catches a re-signed one.
    Finding unwitnessed = witness.check(record);
    if (unwitnessed != null) {
      finding = unwitnessed;
      return;
    }
    beforePrev = prev;
    prev = record.hash();
    expected++;
    records++;
  }

  ChainReport finish() {
    if (finding == null && unlinked != null) {
      brokenLink();
    }
    long lastSeq = expected - 1;
    if (finding == null) {
      Long covered = checkpoints.isEmpty() ? null : checkpoints.lastKey();
      if (covered != null && covered > lastSeq && (headSeq != null || started)) {
        Checkpoint beyond = checkpoints.ceilingEntry(lastSeq + 1).getValue();
        if (signedSeqs.contains(beyond.seq())) {
          fail(
              lastSeq + 1,
              Finding.Kind.TRUNCATED,
              "records from "
                  + (lastSeq + 1)
                  + " are missing: a signed checkpoint covers record "
                  + beyond.seq());
        } else {
          fail(
              beyond.seq(),
              Finding.Kind.FORGED_CHECKPOINT,
              "the checkpoint at record "
                  + beyond.seq()
                  + " carries no valid signature of a trusted key: forged");
        }
      } else if (headSeq != null && headSeq > lastSeq) {
        fail(
            lastSeq + 1,
            Finding.Kind.TRUNCATED,
            "records "
                + (lastSeq + 1)
                + " to "
                + headSeq
                + " are missing: the chain head is at "
                + headSeq);
      }
    }
    if (finding == null) {
      finding = witness.finish(lastSeq);
    }
    return new ChainReport(
        chain,
        firstSeq,
        lastSeq,
        records,
        checkpointsVerified,
        witness.matched(),
        Optional.ofNullable(finding));
  }

  private boolean unsignedTooLong(long seq) {
    if (maxUnsigned > 0 && seq - lastCheckpointSeq > maxUnsigned) {
      fail(
          lastCheckpointSeq + 1,
          Finding.Kind.CHECKPOINT_MISSING,
          "records "
              + (lastCheckpointSeq + 1)
              + " to "
              + seq
              + " run past the signing interval ("
              + maxUnsigned
              + " records) without a checkpoint: checkpoints were deleted");
      return true;
    }
    return false;
  }

  private void fail(long seq, Finding.Kind kind, String message) {
    finding = new Finding(seq, kind, message);
  }
}
