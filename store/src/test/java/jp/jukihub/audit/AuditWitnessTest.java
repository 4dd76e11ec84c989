package jp.jukihub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jp.jukihub.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The witness file: its line format, reading it back, torn lines and the writer's failures. */
class AuditWitnessTest {
  static final AuditSigningKey KEY = AuditSigningKey.of(new byte[32]);

  @TempDir Path dir;

  static Checkpoint checkpoint(long seq) {
    byte[] hash = new byte[32];
    hash[0] = (byte) seq;
    return KEY.sign("hub-1", seq, hash, Instant.parse("2026-11-24T06:28:07.250235Z"), 10_200);
  }

  @Test
  void should_write_one_line_per_checkpoint_that_reads_back_and_verifies() throws Exception {
    String line = AuditWitness.format(checkpoint(42));
    assertThat(line)
        .startsWith("witness-v1 hub-1 42 2a00")
        .contains(" 2026-11-24T06:28:07.250235Z " + KEY.publicKey().id() + " 10200 ")
        .endsWith("\n")
        .hasLineCount(1);
    Checkpoint parsed = AuditWitness.parse(line.strip());
    assertThat(parsed.recordHash()).isEqualTo(checkpoint(42).recordHash());
    assertThat(parsed.signedAt()).isEqualTo(checkpoint(42).signedAt());
    assertThat(KEY.publicKey().verifies(parsed)).as("the line alone verifies").isTrue();
  }

  @Test
  void should_read_every_whole_line_by_chain_and_seq_when_the_file_is_intact() throws Exception {
    Path file = dir.resolve("w.log");
    Files.writeString(
        file,
        AuditWitness.format(checkpoint(10))
            + AuditWitness.format(checkpoint(20))
            + AuditWitness.format(checkpoint(20)));
    AuditWitness.Reading reading = AuditWitness.read(file);
    assertThat(reading.warnings()).isEmpty();
    assertThat(reading.lines()).isEqualTo(3);
    assertThat(reading.chains().get("hub-1")).containsOnlyKeys(10L, 20L);
    assertThat(reading.chains().get("hub-1").get(20L))
        .extracting(AuditWitness.Line::number)
        .containsExactly(2, 3);
  }

  @Test
  void should_ignore_a_torn_last_line_with_a_warning_when_the_hub_stopped_mid_write()
      throws Exception {
    Path file = dir.resolve("w.log");
    String whole = AuditWitness.format(checkpoint(10));
    String torn = AuditWitness.format(checkpoint(20));
    Files.writeString(file, whole + torn.substring(0, torn.length() / 2));
    AuditWitness.Reading reading = AuditWitness.read(file);
    assertThat(reading.lines()).isEqualTo(1);
    assertThat(reading.warnings())
        .containsExactly("witness line 2 is torn (the hub stopped mid-write); ignored");
  }

  @Test
  void should_end_a_torn_line_and_append_whole_ones_when_the_writer_starts_again()
      throws Exception {
    Path file = dir.resolve("witness").resolve("w.log");
    Files.createDirectories(file.getParent());
    String torn = AuditWitness.format(checkpoint(20));
    Files.writeString(
        file, AuditWitness.format(checkpoint(10)) + torn.substring(0, torn.length() - 9));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditMeters meters = meters(registry);
    meters.witnessing("hub-1");
    try (WitnessWriter writer = WitnessWriter.start(file, meters, "hub-1")) {
      writer.witness(checkpoint(30));
    }
    AuditWitness.Reading reading = AuditWitness.read(file);
    assertThat(reading.chains().get("hub-1")).containsOnlyKeys(10L, 30L);
    assertThat(reading.warnings())
        .singleElement()
        .asString()
        .startsWith("witness line 2 is not a whole witness line");
    assertThat(registry.get("hub.audit.witness.seq").tag("chain", "hub-1").gauge().value())
        .isEqualTo(30);
    assertThat(Files.readString(file, StandardCharsets.US_ASCII))
        .startsWith(AuditWitness.format(checkpoint(10))); // appended, never rewritten
  }

  @Test
  void should_count_and_report_a_failure_but_keep_going_when_the_witness_cannot_be_written()
      throws Exception {
    Path file = dir.resolve("not-a-file");
    Files.createDirectories(file); // a directory where the file should be
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditMeters meters = meters(registry);
    meters.witnessing("hub-1");
    try (WitnessWriter writer = WitnessWriter.start(file, meters, "hub-1")) {
      writer.witness(checkpoint(10));
      Eventually.until(
          Duration.ofSeconds(5),
          "the failure to be counted",
          () ->
              registry
                      .get("hub.audit.witness.failures")
                      .tag("reason", "write_failed")
                      .counter()
                      .count()
                  == 1);
      assertThat(writer.problem()).contains("could not witness checkpoint 10");
    }
    assertThat(
            registry
                .get("hub.audit.witness.failures")
                .tag("reason", "queue_full")
                .counter()
                .count())
        .isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "witness-v2 hub-1 1 00 2026-01-01T00:00:00Z k 1 00 | not a witness-v1 line of 8 fields",
        "witness-v1 hub/1 1 H 2026-01-01T00:00:00Z k 1 S   | bad chain name",
        "witness-v1 hub-1 -1 H 2026-01-01T00:00:00Z k 1 S  | bad seq",
        "witness-v1 hub-1 1 abcd 2026-01-01T00:00:00Z k 1 S | record hash is not 32 bytes of hex",
        "witness-v1 hub-1 1 H yesterday k 1 S               | bad signing time",
        "witness-v1 hub-1 1 H 2026-01-01T00:00:00Z k 1 zz   | signature is not 64 bytes of hex",
        "witness-v1 hub-1 1 H 2026-01-01T00:00:00Z k 1      | not a witness-v1 line of 8 fields",
      })
  void should_refuse_a_line_naming_the_bad_field_when_a_field_is_malformed(
      String line, String problem) {
    String filled =
        line.replace(" H ", " " + "ab".repeat(32) + " ").replace(" S", " " + "cd".repeat(64));
    assertThatThrownBy(() -> AuditWitness.parse(filled))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(problem);
  }

  private static AuditMeters meters(SimpleMeterRegistry registry) {
    return new AuditMeters(registry, () -> 0, 1, () -> true);
  }
}
