package jp.jukihub.gateway.jpki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written DER against BouncyCastle's builder for the same input. RSA PKCS#1 v1.5
 * signatures are deterministic, so the whole CRL, not only its TBS part, must be the same bytes.
 */
class CrlSignerMatchesBouncyCastleTest {
  static final Instant THIS_UPDATE = Instant.parse("2026-11-02T03:04:05.678Z");
  static final Instant NEXT_UPDATE = Instant.parse("2026-11-03T03:04:05Z");
  static final String SHARD = "https://hub.example.jp/v1/jpki/crl/sign/17";

  @TempDir static Path directory;
  static JpkiAuthority authority;
  static CrlSigner signer;

  @BeforeAll
  static void createCa() {
    authority = JpkiAuthority.loadOrCreate(directory, JpkiAuthority.Type.SIGN, Clock.systemUTC());
    signer = new CrlSigner(authority);
  }

  @Test
  void should_match_bouncycastle_when_serials_sit_on_byte_boundaries() throws Exception {
    List<RevokedEntry> entries = new ArrayList<>();
    long[] serials = {
      1,
      0x7f,
      0x80,
      0xff,
      0x100,
      0x7fff,
      0x8000,
      0xffff,
      0x800000,
      0x7fffffffL,
      0x80000000L,
      0x80_0000_0000_0000L,
      Long.MAX_VALUE - 1,
      Long.MAX_VALUE
    };
    for (int i = 0; i < serials.length; i++) {
      entries.add(
          new RevokedEntry(
              serials[i], Instant.parse("2026-10-01T00:00:00Z").plusSeconds(i * 3_601L), i % 6));
    }
    assertSameAsBouncyCastle(Optional.empty(), entries);
    assertSameAsBouncyCastle(Optional.of(SHARD), entries);
  }

  @Test
  void should_match_bouncycastle_when_dates_cross_the_utctime_boundaries() throws Exception {
    String[] dates = {
      "1949-12-31T23:59:59.999Z",
      "1950-01-01T00:00:00Z",
      "1970-01-01T00:00:00Z",
      "1999-12-31T23:59:59Z",
      "2000-01-01T00:00:00Z",
      "2049-12-31T23:59:59.5Z",
      "2050-01-01T00:00:00Z",
      "2100-02-28T12:34:56Z",
      "9999-12-31T23:59:59Z"
    };
    List<RevokedEntry> entries = new ArrayList<>();
    for (int i = 0; i < dates.length; i++) {
      entries.add(new RevokedEntry(1_000 + i, Instant.parse(dates[i]), i % 2 == 0 ? 0 : 1));
    }
    assertSameAsBouncyCastle(Optional.empty(), entries);
    assertSameAsBouncyCastle(
        Instant.parse("2049-12-31T00:00:00Z"),
        Instant.parse("2050-01-02T00:00:00Z"),
        Optional.of(SHARD),
        entries);
  }

  @Test
  void should_match_bouncycastle_when_every_reason_code_appears() throws Exception {
    List<RevokedEntry> entries = new ArrayList<>();
    for (int reason : new int[] {0, 1, 2, 3, 4, 5, 6, 8, 9, 10}) {
      entries.add(
          new RevokedEntry(500 + reason, THIS_UPDATE.minusSeconds(reason * 86_400L), reason));
    }
    assertSameAsBouncyCastle(Optional.of(SHARD), entries);
  }

  @Test
  void should_match_bouncycastle_when_the_list_is_empty() throws Exception {
    assertSameAsBouncyCastle(Optional.empty(), List.of());
    assertSameAsBouncyCastle(Optional.of(SHARD), List.of());
  }

  @Test
  void should_match_bouncycastle_when_lengths_need_two_and_three_length_bytes() throws Exception {
    // One entry: one-byte lengths; 10 entries: 0x81; 1,000: 0x82; 50,000 (about 2 MB): 0x83.
    for (int size : new int[] {1, 10, 1_000, 50_000}) {
      assertSameAsBouncyCastle(Optional.of(SHARD), randomEntries(size, size));
    }
  }

  @Test
  void should_match_bouncycastle_when_crl_numbers_are_zero_large_or_high_bit() throws Exception {
    List<RevokedEntry> entries = randomEntries(5, 7);
    for (BigInteger number :
        List.of(
            BigInteger.ZERO,
            BigInteger.valueOf(0x80),
            BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE))) {
      byte[] ours = signer.sign(number, THIS_UPDATE, NEXT_UPDATE, Optional.empty(), entries);
      byte[] theirs =
          BouncyCastleCrl.sign(
              authority, number, THIS_UPDATE, NEXT_UPDATE, Optional.empty(), entries);
      assertSameBytes(ours, theirs);
    }
  }

  static List<RevokedEntry> randomEntries(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<RevokedEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long serial =
          random.nextLong(1, Long.MAX_VALUE) >>> random.nextInt(63); // all lengths, 1 to 8 bytes
      entries.add(
          new RevokedEntry(
              Math.max(1, serial),
              THIS_UPDATE.minusSeconds(random.nextLong(366L * 86_400)),
              random.nextInt(6)));
    }
    return entries;
  }

  private static void assertSameAsBouncyCastle(Optional<String> idp, List<RevokedEntry> entries)
      throws Exception {
    assertSameAsBouncyCastle(THIS_UPDATE, NEXT_UPDATE, idp, entries);
  }

  private static void assertSameAsBouncyCastle(
      Instant thisUpdate, Instant nextUpdate, Optional<String> idp, List<RevokedEntry> entries)
      throws Exception {
    BigInteger number = BigInteger.valueOf(42);
    byte[] ours = signer.sign(number, thisUpdate, nextUpdate, idp, entries);
    byte[] theirs = BouncyCastleCrl.sign(authority, number, thisUpdate, nextUpdate, idp, entries);
    assertSameBytes(ours, theirs);
  }

  /** TBS first, so a DER slip shows where it is rather than as a different signature. */
  private static void assertSameBytes(byte[] ours, byte[] theirs) throws Exception {
    byte[] ourTbs = new X509CRLHolder(ours).toASN1Structure().getTBSCertList().getEncoded();
    byte[] theirTbs = new X509CRLHolder(theirs).toASN1Structure().getTBSCertList().getEncoded();
    if (ourTbs.length < 4_096) {
      assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(theirs));
    }
    assertThat(ourTbs).isEqualTo(theirTbs);
    assertThat(ours).isEqualTo(theirs);
  }
}
