package jp.jukihub.gateway.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.law.LawRow.LookupKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LawTableTest {
  static final BodyRegistry BODIES = BodyRegistry.load(null);
  static final LawTable TABLE = LawTable.load(null, BODIES);

  static Body body(String id) {
    return BODIES.find(id).orElseThrow();
  }

  @ParameterizedTest(name = "{0} may use {1}: {2}, resident code {3}")
  @CsvSource({
    "jps, t1-national-pension, NATIONWIDE, true",
    "nta, t1-national-tax, NATIONWIDE, false",
    "lg-131016, t2-vaccination, OTHER_MUNICIPALITIES, false",
    "pref-13, t5-local-tax, OWN_PREFECTURE, false",
  })
  void should_hold_the_rows_the_demo_registry_relies_on(
      String caller, String affair, Scope scope, boolean residentCode) {
    LawRow row = TABLE.rowFor(body(caller), affair).orElseThrow();
    assertThat(row.scope()).isEqualTo(scope);
    assertThat(row.residentCode()).isEqualTo(residentCode);
    assertThat(row.keys().contains(LookupKey.RESIDENT_CODE)).isEqualTo(residentCode);
    assertThat(row.fields().contains("residentCode")).isEqualTo(residentCode);
  }

  @Test
  void should_give_no_row_to_a_body_the_table_does_not_name() {
    assertThat(TABLE.rowFor(body("nta"), "t1-national-pension")).isEmpty();
    assertThat(TABLE.rowFor(body("jps"), "t2-vaccination")).isEmpty();
    assertThat(TABLE.rows())
        .noneMatch(row -> row.covers(body("bank-demo")) || row.covers(body("auditor")));
  }

  @Test
  void should_name_the_row_and_the_problem_when_a_row_is_wrong() {
    String ok = "law: 法, affair: 事務, keys: [myNumber], fields: [name]";
    assertThatThrownBy(
            () ->
                LawTable.parse(
                    "rows:\n  - {id: t2-x, table: 2, body: nta, scope: other-municipalities, "
                        + ok
                        + "}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("row 't2-x': table 2 does not cover a national_body");
    assertThatThrownBy(
            () ->
                LawTable.parse(
                    "rows:\n  - {id: t5-x, table: 5, kind: prefecture, scope: other-prefectures, "
                        + ok
                        + "}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("table 5 does not cover a prefecture with scope other-prefectures");
    assertThatThrownBy(
            () ->
                LawTable.parse(
                    "rows:\n  - {id: t1-x, table: 1, kind: national_body, scope: nationwide, "
                        + ok
                        + "}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("table 1 names each national body itself");
    assertThatThrownBy(
            () ->
                LawTable.parse(
                    "rows:\n  - {id: t1-x, table: 1, body: nobody, scope: nationwide, "
                        + ok
                        + "}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("no registered body is called 'nobody'");
    assertThatThrownBy(
            () ->
                LawTable.parse(
                    "rows:\n  - {id: t1-x, table: 1, body: nta, scope: nationwide, law: 法, affair: 事務, keys: [residentCode], fields: [name]}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("only grandfathered rows");
    assertThatThrownBy(
            () ->
                LawTable.parse(
                    "rows:\n  - {id: t2-x, table: 1, body: nta, scope: nationwide, " + ok + "}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("its table's number first");
    assertThatThrownBy(
            () ->
                LawTable.parse(
                    "rows:\n  - {id: t1-x, table: 1, body: nta, scope: nationwide, "
                        + ok
                        + "}\n  - {id: t1-x, table: 1, body: jps, scope: nationwide, "
                        + ok
                        + "}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("appears twice");
  }
}
