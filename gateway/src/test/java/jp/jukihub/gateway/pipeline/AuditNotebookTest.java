package jp.jukihub.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jp.jukihub.audit.AuditEvent;
import jp.jukihub.gateway.body.BodyRegistry;
import org.junit.jupiter.api.Test;

class AuditNotebookTest {
  private static final BodyRegistry BODIES = BodyRegistry.load(null);
  private static final byte[] HASH = new byte[32];

  private static AuditNotebook request() {
    AuditNotebook notes = AuditNotebook.of("req-1", BODIES.find("jps").orElseThrow(), "op-1");
    notes.firewallRule("national-bodies-identity");
    return notes;
  }

  @Test
  void should_share_caller_operator_and_rule_but_nothing_else_when_a_line_gets_its_own() {
    AuditNotebook request = request();
    request.affair("t1-national-pension");
    request.counterpart("nta");
    request.subject(7);
    AuditNotebook line = request.forLine(3);
    assertThat(line.requestId()).isEqualTo("req-1/3");
    assertThat(line.caller().id()).isEqualTo("jps");
    assertThat(line.operator()).contains("op-1");
    assertThat(line.firewallRule()).contains("national-bodies-identity");
    assertThat(line.affair()).isEmpty();
    assertThat(line.counterpart()).isEmpty();
    assertThat(line.subjects()).isEmpty();
  }

  @Test
  void should_write_one_record_per_person_when_the_answer_concerns_several() {
    AuditNotebook notes = request();
    notes.affair("t1-national-pension");
    notes.subject(7);
    notes.subject(9);
    List<AuditEvent> records =
        notes.records("identity.lookup", List.of("name"), "ok", 200, HASH, HASH);
    assertThat(records).extracting(AuditEvent::subject).containsExactly(7L, 9L);
    assertThat(records)
        .allSatisfy(
            record -> {
              assertThat(record.affair()).isEqualTo("t1-national-pension");
              assertThat(record.firewallRule()).isEqualTo("national-bodies-identity");
              assertThat(record.body()).isEqualTo("jps");
              assertThat(record.zone()).isEqualTo("national_body");
              assertThat(record.fields()).containsExactly("name");
            });
  }

  @Test
  void should_name_the_other_body_in_every_record_when_the_request_was_an_exchange() {
    AuditNotebook notes = request();
    notes.counterpart("nta");
    notes.subject(7);
    notes.subject(9);
    assertThat(notes.records("identity.lookup", List.of("name"), "ok", 200, HASH, HASH))
        .extracting(AuditEvent::counterpart)
        .containsExactly("nta", "nta");
    assertThat(request().records("identity.lookup", List.of(), "ok", 200, HASH, HASH))
        .extracting(AuditEvent::counterpart)
        .containsExactly((String) null);
  }

  @Test
  void should_write_one_record_without_subject_when_the_answer_concerns_nobody() {
    List<AuditEvent> records =
        request().records("identity.lookup", List.of(), "NOT_FOUND", 404, HASH, HASH);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).subject()).isNull();
    assertThat(records.get(0).outcome()).isEqualTo("NOT_FOUND");
  }
}
