package jp.jukihub.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import jp.jukihub.database.DatabaseTarget;
import jp.jukihub.gateway.jpki.CrlSigner;
import jp.jukihub.gateway.jpki.JpkiAuthority;
import jp.jukihub.gateway.jpki.RevokedEntry;
import jp.jukihub.gateway.tls.Pem;
import jp.jukihub.jpki.CrlScope;
import jp.jukihub.jpki.RevocationSession;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * {@code ./hub bench crl}: a shard CRL of a million revoked JPKI certificates signed by {@link
 * CrlSigner}, beside the same CRL made by BouncyCastle's {@code X509v2CRLBuilder}, the ordinary way
 * and the baseline. Target (from the issue): 1,000,000 entries in at most 10 s. One JVM, one thread
 * signing; both sides get warm-up CRLs of a tenth the size first. Heap is what the signing thread
 * allocated (exact, from the JVM), not a GC-timing-dependent reading of the used heap.
 */
final class CrlBench {
  static final long SEED = 20_261_102L;
  static final String SHARD = "https://hub.example.jp/v1/jpki/crl/sign/0";

  /**
   * Reasons as a CA sees them: mostly superseded, cessation and unspecified; some key compromise.
   */
  static final int[] REASONS = {0, 0, 0, 1, 3, 3, 4, 4, 4, 5, 5, 5};

  private final PrintWriter out;
  private final int size;
  private final int rounds;

  CrlBench(PrintWriter out, int size, int rounds) {
    this.out = out;
    this.size = size;
    this.rounds = rounds;
  }

  /** Signs one CRL; {@code entries} is that CRL's list. */
  private interface Signing {
    byte[] sign(List<RevokedEntry> entries) throws Exception;
  }

  void run() throws Exception {
    Path directory = Files.createTempDirectory("jukihub-bench-crl-");
    try {
      JpkiAuthority authority =
          JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.SIGN, Clock.systemUTC());
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Instant next = now.plus(Duration.ofDays(1));
      CrlSigner signer = new CrlSigner(authority);
      Signing ours = entries -> signer.sign(BigInteger.ONE, now, next, Optional.of(SHARD), entries);
      PrivateKey key = Pem.readPrivateKey(keyFile(directory));
      Signing bouncyCastle = entries -> bouncyCastle(authority, key, now, next, entries);

      List<RevokedEntry> entries = entries(size, now, new SplittableRandom(SEED));
      List<RevokedEntry> warmup = entries.subList(0, Math.max(1, size / 10));
      out.printf(
          "crl bench: %,d entries (random serials, reasons 0/1/3/4/5, dates over the last year), one shard CRL,%n",
          size);
      out.printf(
          "  RSA-2048 CA, SHA256withRSA; warm-up: CRLs of %,d entries (3 by CrlSigner, 1 by BouncyCastle); then %d rounds of CrlSigner, one of BouncyCastle%n%n",
          warmup.size(), rounds);
      out.flush();
      for (int i = 0; i < 3; i++) {
        ours.sign(warmup); // cheap: three, so the JIT has compiled the entry loop before round 1
      }
      bouncyCastle.sign(warmup);

      List<Double> seconds = new ArrayList<>();
      byte[] crl = null;
      for (int round = 1; round <= rounds; round++) {
        crl = null; // the last round's CRL is not live while the next is signed
        Measured measured = measure(ours, entries);
        crl = measured.crl();
        seconds.add(measured.seconds());
        out.printf(
            "  round %d  CrlSigner                      %s%n", round, measured.describe(size));
        out.flush();
      }
      Measured baseline = measure(bouncyCastle, entries);
      out.printf("  round 1  BouncyCastle X509v2CRLBuilder  %s%n%n", baseline.describe(size));

      double median = median(seconds);
      out.printf(
          "  CrlSigner %.2f s (median), BouncyCastle %.2f s: BouncyCastle / CrlSigner %.1f%n",
          median, baseline.seconds(), baseline.seconds() / median);
      out.printf(
          "  target: %,d entries in at most 10 s: %s%n", size, median <= 10 ? "met" : "NOT met");
      out.printf("  check: %s%n", check(crl, authority, baseline.crl()));
      out.flush();
      fromTheStore(signer, now, next);
    } finally {
      delete(directory);
    }
  }

  /**
   * What the hub's publisher does for a shard of a million revoked certificates: stream the entries
   * from PostgreSQL (the partial index on revoked certificates) and sign, timed end to end.
   */
  private void fromTheStore(CrlSigner signer, Instant now, Instant next) throws Exception {
    try (BenchDatabase pg = BenchDatabase.open()) {
      DatabaseTarget database = pg.fresh("crl");
      CrlScope scope = new CrlScope("sign", 0);
      try (Connection connection = database.dataSource().getConnection();
          Statement statement = connection.createStatement();
          RevocationSession session = new RevocationSession(database)) {
        statement.execute(
            "INSERT INTO jpki.certificate (serial, type, shard, person_id, person_version, lg_code, not_before, not_after,"
                + " revoked_at, reason, revocation_seq, answered_seq)"
                + " SELECT i, 'sign', 0, i, 1, '131016', now() - interval '2 years', now() + interval '3 years',"
                + " now() - (i % 31536000) * interval '1 second', (ARRAY[0, 1, 3, 4, 5])[1 + i % 5], i, i"
                + " FROM generate_series(1, "
                + size
                + ") AS i");
        statement.execute("VACUUM ANALYZE jpki.certificate");
        out.printf(
            "%n  from the store: %,d revoked certificates in one shard of jpki.certificate (embedded PostgreSQL 15);"
                + " as the publisher does it: stream them over JDBC, then sign%n",
            size);
        List<Double> totals = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          System.gc();
          long started = System.nanoTime();
          List<RevokedEntry> entries = new ArrayList<>(size);
          session.eachCrlEntry(
              scope,
              now,
              (serial, at, reason) -> entries.add(new RevokedEntry(serial, at, reason)));
          double read = (System.nanoTime() - started) / 1e9;
          byte[] crl =
              signer.sign(BigInteger.valueOf(round), now, next, Optional.of(SHARD), entries);
          double total = (System.nanoTime() - started) / 1e9;
          totals.add(total);
          out.printf(
              "  round %d  read %,d entries %5.2f s, sign %5.2f s: %5.2f s, %,d bytes%n",
              round, entries.size(), read, total - read, total, crl.length);
          out.flush();
        }
        double median = median(totals);
        out.printf(
            "  from the store: %.2f s (median)   target: %,d entries in at most 10 s: %s%n",
            median, size, median <= 10 ? "met" : "NOT met");
        out.flush();
      }
    }
  }

  /** One CRL's figures: wall time of the call, its size, and what the calling thread allocated. */
  record Measured(byte[] crl, double seconds, long allocatedBytes) {
    String describe(int entries) {
      return String.format(
          "%6.2f s  %,11.0f entries/s  %,12d bytes  %,6d MB allocated",
          seconds, entries / seconds, crl.length, allocatedBytes / 1_000_000);
    }
  }

  private static Measured measure(Signing signing, List<RevokedEntry> entries) throws Exception {
    System.gc(); // the previous round's garbage is not this one's to collect
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    long started = System.nanoTime();
    byte[] crl = signing.sign(entries);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Measured(crl, seconds, threads.getCurrentThreadAllocatedBytes() - allocatedBefore);
  }

  /**
   * The JDK parses the CRL, finds every entry and verifies its signature; BouncyCastle made the
   * same bytes.
   */
  private String check(byte[] crl, JpkiAuthority authority, byte[] bouncyCastle) throws Exception {
    X509CRL parsed =
        (X509CRL)
            CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl));
    parsed.verify(authority.certificate().getPublicKey());
    int listed = parsed.getRevokedCertificates().size();
    return String.format(
        "JDK CertificateFactory parses it, %,d entries (%s), signature verifies with the CA certificate;"
            + " BouncyCastle's CRL is %s",
        listed,
        listed == size ? "all" : "EXPECTED " + size,
        Arrays.equals(crl, bouncyCastle) ? "byte-identical" : "DIFFERENT");
  }

  /**
   * {@code count} entries with distinct random positive serials, revoked over the year before
   * {@code now}.
   */
  static List<RevokedEntry> entries(int count, Instant now, SplittableRandom random) {
    long year = Duration.ofDays(365).toSeconds();
    List<RevokedEntry> entries = new ArrayList<>(count);
    java.util.Set<Long> serials = new java.util.HashSet<>(count * 2);
    while (entries.size() < count) {
      long serial = random.nextLong(1, Long.MAX_VALUE);
      if (serials.add(serial)) {
        entries.add(
            new RevokedEntry(
                serial,
                now.minusSeconds(random.nextLong(year)),
                REASONS[random.nextInt(REASONS.length)]));
      }
    }
    return entries;
  }

  /**
   * The baseline: the same CRL built the ordinary way, an ASN.1 object per field of every entry.
   */
  private static byte[] bouncyCastle(
      JpkiAuthority authority,
      PrivateKey key,
      Instant thisUpdate,
      Instant nextUpdate,
      List<RevokedEntry> entries)
      throws Exception {
    X509v2CRLBuilder builder =
        new X509v2CRLBuilder(
            X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded()),
            Date.from(thisUpdate));
    builder.setNextUpdate(Date.from(nextUpdate));
    for (RevokedEntry entry : entries) {
      builder.addCRLEntry(
          BigInteger.valueOf(entry.serial()), Date.from(entry.revokedAt()), entry.reason());
    }
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        new JcaX509ExtensionUtils()
            .createAuthorityKeyIdentifier(authority.certificate().getPublicKey()));
    builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
    GeneralNames uri =
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, SHARD));
    builder.addExtension(
        Extension.issuingDistributionPoint,
        true,
        new IssuingDistributionPoint(new DistributionPointName(uri), false, false));
    return builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)).getEncoded();
  }

  /**
   * The CA's key file: the baseline signs outside the jpki package, which keeps the key to itself.
   */
  private static Path keyFile(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".key"))
          .findFirst()
          .orElseThrow(() -> new IOException("no CA key in " + directory));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static void delete(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      System.err.println("bench: could not remove " + directory + ": " + e.getMessage());
    }
  }
}
