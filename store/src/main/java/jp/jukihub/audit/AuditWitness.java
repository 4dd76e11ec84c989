package jp.jukihub.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The witness: every signed checkpoint head, also appended to a file outside PostgreSQL (証跡の外部立会).
 * Someone who can rewrite the trail and holds the signing key can re-sign it so that {@code hub
 * audit verify} passes; they cannot take back a line already fsync'd to another volume. One line
 * per checkpoint, space-separated, never rewritten:
 *
 * <pre>
 * witness-v1 CHAIN SEQ RECORD-HASH-HEX SIGNED-AT KEY-ID MAX-UNSIGNED SIGNATURE-HEX
 * </pre>
 *
 * Each line carries everything its signature covers, so a verifier checks it with the public key
 * alone. A line that is not whole (the hub stopped mid-write; the writer ends it with a newline at
 * its next start) is skipped with a warning: a lost line weakens the witness, it never fakes one.
 */
public final class AuditWitness {
  static final String VERSION = "witness-v1";
  private static final Pattern CHAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9:._-]{1,128}");
  private static final HexFormat HEX = HexFormat.of();

  private AuditWitness() {}

  /** One witnessed checkpoint and where in the file it stands (1-based). */
  public record Line(int number, Checkpoint checkpoint) {
    /** How the checkpoint is named in findings and warnings. */
    String describe() {
      return "record "
          + checkpoint.seq()
          + " of chain "
          + checkpoint.chain()
          + " (signed "
          + checkpoint.signedAt()
          + ", witness line "
          + number
          + ")";
    }
  }

  /** A witness file read: its whole lines by chain and seq, and what was skipped and why. */
  public record Reading(
      Path file, Map<String, NavigableMap<Long, List<Line>>> chains, List<String> warnings) {
    public static final Reading NONE = new Reading(null, Map.of(), List.of());

    public long lines() {
      return chains.values().stream()
          .flatMap(seqs -> seqs.values().stream())
          .mapToLong(List::size)
          .sum();
    }

    NavigableMap<Long, List<Line>> of(String chain) {
      return chains.getOrDefault(chain, new TreeMap<>());
    }
  }

  /** The line for one checkpoint, newline included. */
  static String format(Checkpoint checkpoint) {
    return String.join(
            " ",
            VERSION,
            checkpoint.chain(),
            Long.toString(checkpoint.seq()),
            HEX.formatHex(checkpoint.recordHash()),
            checkpoint.signedAt().toString(),
            checkpoint.keyId(),
            Long.toString(checkpoint.maxUnsigned()),
            HEX.formatHex(checkpoint.signature()))
        + "\n";
  }

  /** Parses one line (without its newline); IllegalArgumentException naming what is wrong. */
  static Checkpoint parse(String line) {
    String[] parts = line.split(" ", -1);
    if (parts.length != 8 || !parts[0].equals(VERSION)) {
      throw new IllegalArgumentException("not a " + VERSION + " line of 8 fields");
    }
    if (!CHAIN.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException("bad chain name");
    }
    long seq = number(parts[2], "seq");
    byte[] hash = hex(parts[3], AuditEvent.HASH_BYTES, "record hash");
    Instant signedAt;
    try {
      signedAt = Instant.parse(parts[4]);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("bad signing time");
    }
    if (!KEY_ID.matcher(parts[5]).matches()) {
      throw new IllegalArgumentException("bad key id");
    }
    long maxUnsigned = number(parts[6], "max-unsigned");
    byte[] signature = hex(parts[7], 64, "signature");
    return new Checkpoint(parts[1], seq, hash, signedAt, parts[5], maxUnsigned, signature);
  }

  /** Reads a witness file; whole lines only, anything else a warning. */
  public static Reading read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no witness file at " + file);
    }
    Map<String, NavigableMap<Long, List<Line>>> chains = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    boolean whole = endsWithNewline(file);
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      String next = lines.readLine();
      while (next != null) {
        String text = next;
        next = lines.readLine();
        number++;
        Checkpoint checkpoint;
        try {
          checkpoint = parse(text);
        } catch (IllegalArgumentException e) {
          warnings.add(skipped(number, e.getMessage(), !whole && next == null));
          continue;
        }
        chains
            .computeIfAbsent(checkpoint.chain(), c -> new TreeMap<>())
            .computeIfAbsent(checkpoint.seq(), s -> new ArrayList<>())
            .add(new Line(number, checkpoint));
      }
    }
    return new Reading(file, chains, warnings);
  }

  private static String skipped(int number, String why, boolean torn) {
    return torn
        ? "witness line " + number + " is torn (the hub stopped mid-write); ignored"
        : "witness line "
            + number
            + " is not a whole witness line ("
            + why
            + "; a write cut short by a crash reads so); ignored";
  }

  static boolean endsWithNewline(Path file) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      return true;
    }
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(size - 1);
      return in.read() == '\n';
    }
  }

  private static long number(String text, String what) {
    try {
      long value = Long.parseLong(text);
      if (value < 0 || !Long.toString(value).equals(text)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad " + what);
    }
  }

  private static byte[] hex(String text, int bytes, String what) {
    if (text.length() != 2 * bytes) {
      throw new IllegalArgumentException(what + " is not " + bytes + " bytes of hex");
    }
    try {
      return HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not hex");
    }
  }
}
