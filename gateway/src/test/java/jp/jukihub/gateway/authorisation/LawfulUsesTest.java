package jp.jukihub.gateway.authorisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.body.BodyKind;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.law.LawTable;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import jp.jukihub.number.LgCode;
import org.junit.jupiter.api.Test;

/** One decision procedure for every table: the hub's service rights and the law table alike. */
class LawfulUsesTest {
  private static final BodyRegistry BODIES = BodyRegistry.load(null);
  private static final LgCode CHIYODA = LgCode.of("131016");
  private static final ServiceRights REGISTER =
      new ServiceRights(
          List.of(
              new ServiceRight(
                  "register.own",
                  "any municipality",
                  caller -> caller.kind() == BodyKind.MUNICIPALITY,
                  "住民基本台帳法 第5条",
                  "its own register",
                  Scope.OWN_MUNICIPALITY,
                  Set.of("record"),
                  "only the municipality itself may use its register")));
  private static final LawTable LAW = LawTable.load(null, BODIES);

  private static AuditNotebook notesOf(String body) {
    return AuditNotebook.of("test-1", BODIES.find(body).orElseThrow(), "officer-1");
  }

  @Test
  void should_grant_and_note_the_row_when_it_covers_the_caller_and_the_subject() {
    AuditNotebook notes = notesOf("lg-131016");
    Grant grant = REGISTER.grant(notes, "register.own", Optional.empty(), Optional.of(CHIYODA));
    assertThat(grant.use().id()).isEqualTo("register.own");
    assertThat(grant.releases("record")).isTrue();
    assertThat(notes.affair()).contains("register.own");
  }

  @Test
  void should_refuse_in_the_rows_words_and_note_no_row_when_none_covers_the_caller() {
    AuditNotebook notes = notesOf("jps");
    assertThatThrownBy(
            () -> REGISTER.grant(notes, "register.own", Optional.empty(), Optional.of(CHIYODA)))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_PERMITTED))
        .hasMessageContaining("only the municipality itself");
    assertThat(notes.affair()).isEmpty();
  }

  @Test
  void should_refuse_with_the_deciding_row_noted_when_the_subject_lives_elsewhere() {
    AuditNotebook notes = notesOf("lg-131130");
    assertThatThrownBy(
            () -> REGISTER.grant(notes, "register.own", Optional.empty(), Optional.of(CHIYODA)))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_PERMITTED));
    assertThat(notes.affair()).contains("register.own");
  }

  @Test
  void should_refuse_a_key_with_affair_not_permitted_when_the_law_row_does_not_allow_it() {
    AuditNotebook notes = notesOf("nta");
    assertThatThrownBy(
            () ->
                LAW.grant(notes, "t1-national-tax", Optional.of("residentCode"), Optional.empty()))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AFFAIR_NOT_PERMITTED))
        .hasMessageContaining("residentCode");
    assertThat(notes.affair()).contains("t1-national-tax");
  }

  @Test
  void should_refuse_with_affair_not_permitted_when_the_caller_names_another_bodys_row() {
    AuditNotebook notes = notesOf("nta");
    assertThatThrownBy(
            () ->
                LAW.grant(notes, "t1-national-pension", Optional.of("myNumber"), Optional.empty()))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.AFFAIR_NOT_PERMITTED));
    assertThat(notes.affair()).isEmpty();
  }

  @Test
  void should_answer_out_of_scope_as_unknown_when_the_row_is_nationwide() {
    Grant nationwide =
        LAW.grant(notesOf("nta"), "t1-national-tax", Optional.of("myNumber"), Optional.empty());
    Grant municipal =
        LAW.grant(
            notesOf("lg-131016"), "t2-vaccination", Optional.of("myNumber"), Optional.empty());
    assertThat(nationwide.outOfScope().code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(municipal.outOfScope().code()).isEqualTo(ErrorCode.OUT_OF_SCOPE);
    assertThat(municipal.reaches(CHIYODA)).as("table 2 is other municipalities'").isFalse();
  }

  @Test
  void should_release_the_resident_code_only_when_the_row_is_grandfathered() {
    Grant pension =
        LAW.grant(notesOf("jps"), "t1-national-pension", Optional.of("myNumber"), Optional.empty());
    Grant tax =
        LAW.grant(notesOf("nta"), "t1-national-tax", Optional.of("myNumber"), Optional.empty());
    assertThat(pension.releases("residentCode")).isTrue();
    assertThat(tax.releases("residentCode")).isFalse();
  }
}
