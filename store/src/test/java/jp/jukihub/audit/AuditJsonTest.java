package jp.jukihub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Export lines: a record without a counterpart keeps the line it had before counterparts. */
class AuditJsonTest {
  static final Instant AT = Instant.parse("2026-11-24T09:00:00.123456Z");

  static ChainedRecord chained(AuditEvent event) {
    byte[] hash = new RecordHasher().hash(RecordHasher.GENESIS, "hub-1", 1, AT, event);
    return new ChainedRecord("hub-1", 1, AT, event, RecordHasher.GENESIS, hash);
  }

  @Test
  void should_leave_the_counterpart_out_of_the_line_when_a_record_has_none() {
    JsonObject line = AuditJson.record(chained(AuditEvents.lookup(1)));
    assertThat(line.fieldNames())
        .doesNotContain("counterpart")
        .containsExactly(
            "chain",
            "seq",
            "time",
            "requestId",
            "body",
            "operator",
            "zone",
            "route",
            "affair",
            "firewallRule",
            "subject",
            "fields",
            "outcome",
            "status",
            "latencyMicros",
            "requestHash",
            "answerHash",
            "prevHash",
            "hash");
    assertThat(AuditJson.record(new JsonObject(line.encode())).event().counterpart()).isNull();
  }

  @Test
  void should_read_back_the_counterpart_that_the_hash_covers_when_a_record_has_one() {
    ChainedRecord written = chained(AuditEvents.lookup(1, "nta"));
    JsonObject line = AuditJson.record(written);
    assertThat(line.getString("counterpart")).isEqualTo("nta");
    ChainedRecord read = AuditJson.record(new JsonObject(line.encode()));
    assertThat(read.event().counterpart()).isEqualTo("nta");
    assertThat(new RecordHasher().hash(RecordHasher.GENESIS, read)).isEqualTo(written.hash());
  }
}
