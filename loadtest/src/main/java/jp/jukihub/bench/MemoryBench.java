package jp.jukihub.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import jp.jukihub.gateway.jpki.CertificateStatus;
import jp.jukihub.gateway.jpki.JpkiAuthority;
import jp.jukihub.gateway.jpki.OcspSigner;
import jp.jukihub.gateway.jpki.PresignedAnswers;
import jp.jukihub.identity.IdentityKey;
import jp.jukihub.identity.IdentityRecord;
import jp.jukihub.identity.source.IdentityCache;
import jp.jukihub.nation.MunicipalityCatalog;
import jp.jukihub.nation.NationGenerator;
import jp.jukihub.nation.NationOptions;
import jp.jukihub.nation.SyntheticResident;

/**
 * {@code ./hub bench memory}: what the hub's two large in-memory holdings cost in heap, measured as
 * the heap in use after a full collection, before and after filling each in this JVM:
 *
 * <ul>
 *   <li>the identity cache, filled the way lookups fill it (by My Number, through {@link
 *       IdentityCache#get}) with the synthetic nation's residents: names, addresses and numbers of
 *       realistic length, so the strings weigh what real ones would;
 *   <li>the pre-signed OCSP answers ({@link PresignedAnswers}), with answers a real CA signed (each
 *       entry its own copy: a thousand signed, then cycled): per answer, and bounded at a tenth of
 *       what they weigh, where the heap must stay within the bound.
 * </ul>
 *
 * Target (issue 19): a million cached identities in at most 400 MB of heap.
 */
final class MemoryBench {
  static final long TARGET_BYTES_PER_MILLION_IDENTITIES = 400L * 1024 * 1024;
  private static final int SIGNED = 1_000;

  private final PrintWriter out;
  private final int identities;
  private final int answers;

  MemoryBench(PrintWriter out, int identities, int answers) {
    this.out = out;
    this.identities = identities;
    this.answers = answers;
  }

  void run() throws Exception {
    out.printf(
        "memory: heap in use after a full collection, before and after filling (JVM %s, %s)%n",
        System.getProperty("java.version"),
        ManagementFactory.getGarbageCollectorMXBeans().get(0).getName());
    identityCache();
    ocspAnswers();
  }

  private void identityCache() throws Exception {
    NationGenerator nation = new NationGenerator(MunicipalityCatalog.load(), new byte[32]);
    IdentityCache cache =
        new IdentityCache("national", identities, Duration.ofHours(1), new SimpleMeterRegistry());
    Instant now = Instant.now();
    long before = heapAfterCollection();
    long[] filled = {0};
    long[] stringBytes = {0};
    nation.generate(
        NationOptions.of(identities, 19),
        resident -> {
          IdentityRecord record = record(resident, now);
          stringBytes[0] += textBytes(record);
          cache.get(
              IdentityKey.of(resident.myNumber()).cacheKey(),
              () -> Future.succeededFuture(Optional.of(record)));
          filled[0]++;
        });
    long after = heapAfterCollection();
    double perEntry = (after - before) / (double) filled[0];
    double perMillion = perEntry * 1_000_000;
    out.printf(
        "  identity cache   %,d residents cached: %,.0f MB, %,.0f bytes each (of which the text"
            + " itself %,.0f as the JVM holds it)%n",
        filled[0], (after - before) / 1e6, perEntry, stringBytes[0] / (double) filled[0]);
    out.printf(
        "                   a million: %,.0f MB   target <= %,d MB: %s%n",
        perMillion / (1024 * 1024),
        TARGET_BYTES_PER_MILLION_IDENTITIES / (1024 * 1024),
        perMillion <= TARGET_BYTES_PER_MILLION_IDENTITIES ? "met" : "NOT met");
    out.flush();
    if (cache.hashCode() == 0) {
      out.println(); // keeps the cache reachable until measured
    }
  }

  private void ocspAnswers() throws Exception {
    Path directory = Files.createTempDirectory("jukihub-memory-");
    try {
      JpkiAuthority authority =
          JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.SIGN, Clock.systemUTC());
      OcspSigner signer = new OcspSigner(authority);
      Instant thisUpdate = Instant.now();
      byte[][] signed = new byte[SIGNED][];
      for (int i = 0; i < SIGNED; i++) {
        signed[i] =
            signer.presign(
                1_000_000L + i,
                CertificateStatus.good(),
                thisUpdate,
                thisUpdate.plusSeconds(86_400));
      }
      // Unbounded in effect first: what one held answer costs, against what the bound counts.
      long room = (long) answers * 2 * PresignedAnswers.weightOf(signed[0]);
      PresignedAnswers store =
          new PresignedAnswers(null, room, Clock.systemUTC(), new SimpleMeterRegistry());
      long before = heapAfterCollection();
      fill(store, signed, thisUpdate);
      long after = heapAfterCollection();
      double perAnswer = (after - before) / (double) answers;
      out.printf(
          "  OCSP answers     %,d pre-signed answers held: %,.0f MB, %,.0f bytes each (the DER"
              + " answer itself %,d bytes; the bound counts %,d)%n",
          store.size(),
          (after - before) / 1e6,
          perAnswer,
          signed[0].length,
          PresignedAnswers.weightOf(signed[0]));
      out.printf(
          "                   80 million cards, two certificates each: %,.0f GB if all were held%n",
          perAnswer * 160_000_000 / 1e9);
      out.flush();
      store = null;
      heldWithinBound(signed, thisUpdate);
    } finally {
      try (var files = Files.walk(directory)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * The same answers into a store bounded at a tenth of their weight: the heap it takes must stay
   * within the bound, the rest left to the certificate store.
   */
  private void heldWithinBound(byte[][] signed, Instant signedAt) throws Exception {
    long bound = Math.max(1, (long) answers * PresignedAnswers.weightOf(signed[0]) / 10);
    PresignedAnswers store =
        new PresignedAnswers(null, bound, Clock.systemUTC(), new SimpleMeterRegistry());
    long before = heapAfterCollection();
    fill(store, signed, signedAt);
    store.cleanUp();
    long after = heapAfterCollection();
    out.printf(
        "                   bounded at %,.0f MB (jpki.ocspAnswerMemoryMegabytes), %,d answers put:"
            + " %,d held in %,.0f MB of heap: %s%n",
        bound / 1e6,
        answers,
        store.size(),
        (after - before) / 1e6,
        after - before <= bound ? "within the bound" : "OVER the bound");
    out.flush();
  }

  /** Puts {@code answers} answers into {@code store}, each its own copy of one signed. */
  private void fill(PresignedAnswers store, byte[][] signed, Instant signedAt) {
    for (int i = 0; i < answers; i++) {
      store.hold(JpkiAuthority.Type.SIGN, 10_000_000L + i, signed[i % SIGNED].clone(), signedAt);
    }
  }

  private static IdentityRecord record(SyntheticResident resident, Instant now) {
    return new IdentityRecord(
        resident.personId(),
        resident.municipality(),
        resident.residentCode().value(),
        resident.myNumber().value(),
        resident.name().kanji(),
        resident.name().kana(),
        resident.birthDate().date(),
        resident.sex(),
        resident.addressRest(),
        "resident",
        1,
        now,
        null,
        null,
        null);
  }

  /** The record's text as Java holds it: one byte a character if Latin-1, else two. */
  private static long textBytes(IdentityRecord record) {
    long bytes = 0;
    for (String text :
        new String[] {
          record.residentCode(),
          record.myNumber(),
          record.nameKanji(),
          record.nameKana(),
          record.addressRest()
        }) {
      bytes += text.chars().allMatch(c -> c < 256) ? text.length() : 2L * text.length();
    }
    return bytes;
  }

  /** Heap in use after full collections, once it has settled. */
  static long heapAfterCollection() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (Math.abs(now - used) < 1024 * 1024) {
        return now;
      }
      used = now;
    }
    return used;
  }
}
