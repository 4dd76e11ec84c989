package jp.jukihub.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The chain's hash: SHA-256 over a version tag, the previous record's hash and every stored field
 * of the record in a fixed canonical encoding. Changing any field, the order, or a link changes it.
 * Fields added since are optional and trailing, so records chained before them verify unchanged.
 * Not thread-safe: one per writer or verifier.
 */
public final class RecordHasher {
  public static final byte[] GENESIS = new byte[AuditEvent.HASH_BYTES];
  private static final String VERSION = "jukihub-audit-record-v1";

  private final MessageDigest sha256;

  public RecordHasher() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  public byte[] hash(
      byte[] prevHash, String chain, long seq, Instant occurredAt, AuditEvent event) {
    Canonical encoded =
        new Canonical()
            .text(VERSION)
            .bytes(prevHash)
            .text(chain)
            .number(seq)
            .number(micros(occurredAt))
            .text(event.requestId())
            .text(event.body())
            .text(event.operator())
            .text(event.zone())
            .text(event.route())
            .text(event.affair())
            .text(event.firewallRule())
            .optionalNumber(event.subject())
            .texts(event.fields())
            .text(event.outcome())
            .number(event.status())
            .number(event.latencyMicros())
            .bytes(event.requestHash())
            .bytes(event.answerHash());
    optionalFields(encoded, event);
    return sha256.digest(encoded.toByteArray());
  }

  /**
   * Fields added after v1: each only when present, as its name then its value, after every v1
   * field. A record without them thus encodes byte for byte as it did when it was chained, and its
   * stored hash still verifies. Unambiguous: every v1 value is typed and length-prefixed, so the v1
   * part of an encoding ends where it ends whatever follows; two equal encodings have equal v1
   * parts and equal tails, and the tail of a record without trailing fields is empty while that of
   * one with any is not. The name tells one trailing field from another that a later version may
   * add (in a fixed order after this one).
   */
  private static void optionalFields(Canonical encoded, AuditEvent event) {
    if (event.counterpart() != null) {
      encoded.text("counterpart").text(event.counterpart());
    }
  }

  /** Recomputes a stored record's hash from its own fields and the given predecessor hash. */
  public byte[] hash(byte[] prevHash, ChainedRecord record) {
    return hash(prevHash, record.chain(), record.seq(), record.occurredAt(), record.event());
  }

  /** PostgreSQL keeps microseconds; the hash covers exactly what it keeps. */
  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  static Instant fromMicros(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
