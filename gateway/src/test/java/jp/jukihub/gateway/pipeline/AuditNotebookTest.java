package jp.jukihub.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

  @Test
  void should_record_each_person_at_the_provider_too_when_the_exchange_names_one() {
    AuditNotebook notes = AuditNotebook.of("req-2", BODIES.find("lg-131016").orElseThrow(), "op-2");
    notes.firewallRule("provision-municipalities");
    notes.affair("x2-074-child-allowance");
    notes.counterpart("lg-131130");
    notes.subject(-7);
    notes.subject(-9);
    notes.recordAtProvider(
        BODIES.find("lg-131130").orElseThrow(), "provision.provide", List.of("household"));
    byte[] request = new byte[32];
    byte[] answer = new byte[32];
    request[0] = 1;
    answer[0] = 2;
    List<AuditEvent> records =
        notes.records(
            "provision.household-check", List.of("householdCheck"), "ok", 200, request, answer);

    assertThat(records)
        .extracting(AuditEvent::requestId, AuditEvent::body, AuditEvent::route, AuditEvent::subject)
        .containsExactly(
            tuple("req-2", "lg-131016", "provision.household-check", -7L),
            tuple("req-2", "lg-131016", "provision.household-check", -9L),
            tuple("req-2/provider", "lg-131130", "provision.provide", -7L),
            tuple("req-2/provider", "lg-131130", "provision.provide", -9L));
    List<AuditEvent> provider = records.subList(2, 4);
    assertThat(provider)
        .allSatisfy(
            record -> {
              assertThat(record.counterpart()).isEqualTo("lg-131016");
              assertThat(record.affair()).isEqualTo("x2-074-child-allowance");
              assertThat(record.fields()).containsExactly("household");
              assertThat(record.operator())
                  .as("the requester's operator is not the provider's")
                  .isNull();
              assertThat(record.firewallRule()).isNull();
              assertThat(record.zone()).isEqualTo("municipality");
              assertThat(record.requestHash()).isEqualTo(request);
              assertThat(record.answerHash()).isEqualTo(answer);
            });
  }

  @Test
  void should_record_nothing_provided_at_the_provider_when_the_answer_was_a_refusal() {
    AuditNotebook notes = AuditNotebook.of("req-3", BODIES.find("lg-131016").orElseThrow(), "op-2");
    notes.subject(-7);
    notes.recordAtProvider(
        BODIES.find("lg-131130").orElseThrow(), "provision.provide", List.of("local-tax-income"));
    List<AuditEvent> records =
        notes.records("provision.query", List.of(), "NO_COPY", 404, HASH, HASH);
    assertThat(records).extracting(AuditEvent::outcome).containsExactly("NO_COPY", "NO_COPY");
    assertThat(records.get(1).fields()).isEmpty();
  }
}
