package jp.jukihub.gateway.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.authorisation.Grant;
import jp.jukihub.gateway.authorisation.Scope;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.config.ConfigException;
import jp.jukihub.gateway.pipeline.AuditNotebook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExchangeTableTest {
  static final BodyRegistry BODIES = BodyRegistry.load(null);
  static final DataStandard STANDARD = DataStandard.load();
  static final ExchangeTable TABLE = ExchangeTable.load(null, BODIES, STANDARD);

  static Body body(String id) {
    return BODIES.find(id).orElseThrow();
  }

  @Test
  void should_hold_every_researched_row_with_its_citation_when_bundled() {
    assertThat(TABLE.rows()).hasSize(18);
    assertThat(TABLE.rows().stream().mapToInt(row -> row.provides().size()).sum()).isEqualTo(36);
    assertThat(TABLE.rows())
        .allSatisfy(
            row -> {
              assertThat(row.id()).startsWith("x2-");
              assertThat(row.row()).matches("別表第二 第[0-9]+項 \\(平成27年法律第65号までの番号\\)");
              assertThat(row.source()).startsWith("https://");
              assertThat(row.scope()).isEqualTo(Scope.NATIONWIDE);
              assertThat(row.allowsKey("myNumber")).isFalse();
            });
    Map<String, Long> byRequester =
        TABLE.rows().stream()
            .collect(Collectors.groupingBy(ExchangeRow::who, Collectors.counting()));
    assertThat(byRequester)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("any municipality", 7L, "any prefecture", 6L, "jps", 4L, "kyokai", 1L));
    assertThat(TABLE.source()).isEqualTo("bundled exchange-table.yaml");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "lg-131016, 7",
    "lg-272035, 7",
    "pref-27, 6",
    "jps, 4",
    "kyokai, 1",
    "nta, 0",
    "jlis, 0",
    "portal, 0",
    "bank-demo, 0",
    "auditor, 0",
  })
  void should_give_each_body_the_rows_of_its_kind_or_its_own_when_asked_for_its_rows(
      String requester, int rows) {
    assertThat(TABLE.rowsFor(body(requester))).hasSize(rows);
  }

  /**
   * One query per case: the caller, its affair, the item, the provider; granted or refused (403
   * EXCHANGE_NOT_PERMITTED with {@code detail}), and the affair the notebook keeps ("-": none).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          municipality asks another for local tax | lg-131016 | x2-074-child-allowance         | local-tax-income | lg-272035 | granted | x2-074-child-allowance         | -
          municipality asks jps for pensions      | lg-131130 | x2-075-child-allowance         | pension-benefit  | jps       | granted | x2-075-child-allowance         | -
          prefecture asks the insurer             | pref-13   | x2-026-public-assistance       | health-insurance | kyokai    | granted | x2-026-public-assistance       | -
          jps asks a municipality for households  | jps       | x2-048-national-pension        | household        | lg-131016 | granted | x2-048-national-pension        | -
          the insurer asks jps for pensions       | kyokai    | x2-002-health-insurance        | pension-benefit  | jps       | granted | x2-002-health-insurance        | -
          an item the row does not list           | lg-131016 | x2-074-child-allowance         | household        | lg-272035 | refused | x2-074-child-allowance         | affair 'x2-074-child-allowance' does not let this body ask that provider for 'household'
          a provider the row does not list        | lg-131016 | x2-074-child-allowance         | local-tax-income | jps       | refused | x2-074-child-allowance         | affair 'x2-074-child-allowance' does not let this body ask that provider for 'local-tax-income'
          a prefecture as a municipality          | lg-131016 | x2-074-child-allowance         | local-tax-income | pref-13   | refused | x2-074-child-allowance         | does not let this body ask that provider
          a body asking itself                    | lg-131016 | x2-074-child-allowance         | local-tax-income | lg-131016 | refused | x2-074-child-allowance         | does not let this body ask that provider
          an item the standard does not know      | lg-131016 | x2-074-child-allowance         | pet-123456789012 | lg-272035 | refused | x2-074-child-allowance         | for an item the data standard does not know
          another body's affair                   | lg-131016 | x2-048-national-pension        | local-tax-income | lg-272035 | refused | -                              | the table of lawful exchanges gives this body no affair 'x2-048-national-pension'
          another kind's affair                   | pref-13   | x2-074-child-allowance         | local-tax-income | lg-131016 | refused | -                              | gives this body no affair 'x2-074-child-allowance'
          an affair the table does not hold       | lg-131016 | x2-999-123456789012            | local-tax-income | lg-272035 | refused | -                              | the table of lawful exchanges has no such affair
          the portal as requester                 | portal    | x2-074-child-allowance         | local-tax-income | lg-131016 | refused | -                              | gives this body no affair 'x2-074-child-allowance'
          a verifier as requester                 | bank-demo | x2-026-public-assistance       | pension-benefit  | jps       | refused | -                              | gives this body no affair 'x2-026-public-assistance'
          the tax agency, which has no row        | nta       | x2-027-municipal-tax           | local-tax-income | lg-131016 | refused | -                              | gives this body no affair 'x2-027-municipal-tax'
          """)
  void should_grant_only_what_the_row_lists_when_a_body_queries_for_an_affair(
      String name,
      String caller,
      String affair,
      String item,
      String provider,
      String outcome,
      String notebook,
      String detail) {
    AuditNotebook notes = AuditNotebook.of("r-1", body(caller), "op-1");

    if (outcome.equals("granted")) {
      Grant grant = TABLE.grant(notes, affair, item, body(provider));
      assertThat(grant.use().id()).isEqualTo(affair);
      assertThat(grant.caller().id()).isEqualTo(caller);
      assertThat(grant.releases(item)).isTrue();
    } else {
      assertThatThrownBy(() -> TABLE.grant(notes, affair, item, body(provider)))
          .isInstanceOf(HubException.class)
          .satisfies(
              e -> {
                HubException refused = (HubException) e;
                assertThat(refused.code()).isEqualTo(ErrorCode.EXCHANGE_NOT_PERMITTED);
                assertThat(refused.detail()).contains(detail).doesNotContain("123456789012");
                assertThat(refused.detail()).doesNotContain(provider);
              });
    }
    assertThat(notes.affair())
        .isEqualTo(notebook.equals("-") ? Optional.empty() : Optional.of(notebook));
  }

  @Test
  void should_refuse_with_exchange_not_permitted_when_asked_by_the_shared_authorisation() {
    AuditNotebook notes = AuditNotebook.of("r-2", body("lg-131016"), "op-1");
    ExchangeRow row = TABLE.row("x2-074-child-allowance").orElseThrow();

    assertThatThrownBy(
            () ->
                TABLE.grant(
                    notes, "x2-074-child-allowance", Optional.of("myNumber"), Optional.empty()))
        .isInstanceOf(HubException.class)
        .hasMessage("affair 'x2-074-child-allowance' names its subject by a token, not by a key");
    assertThat(notes.affair()).hasValue("x2-074-child-allowance");
    assertThat(TABLE.noRow("x2-074-child-allowance").code())
        .isEqualTo(ErrorCode.EXCHANGE_NOT_PERMITTED);
    assertThat(TABLE.keyRefused(row, "query").code()).isEqualTo(ErrorCode.EXCHANGE_NOT_PERMITTED);
    assertThat(TABLE.outOfScope(row).code()).isEqualTo(ErrorCode.EXCHANGE_NOT_PERMITTED);
    assertThat(row.fields()).containsExactly("local-tax-income");
  }

  @Test
  void should_read_the_operators_file_and_name_it_when_a_row_is_broken(@TempDir Path directory)
      throws IOException {
    Path file = directory.resolve("exchanges.yaml");
    String row =
        "affairs:\n  - {id: x2-074-child-allowance, requester: {kind: municipality}, "
            + OK
            + ", provides: [{provider: {kind: municipality}, providerName: 市町村長, item: %s}]}\n";
    Files.writeString(file, row.formatted("local-tax-income"));

    ExchangeTable table = ExchangeTable.load(file, BODIES, STANDARD);

    assertThat(table.source()).isEqualTo(file.toString());
    assertThat(table.rowsFor(body("lg-131016"))).hasSize(1);
    Files.writeString(file, row.formatted("local-tax"));
    assertThatThrownBy(() -> ExchangeTable.load(file, BODIES, STANDARD))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ": affair 'x2-074-child-allowance', provides 1: the data standard has no item"
                + " 'local-tax'");
  }

  static final String OK =
      "row: 別表第二 第1項, requesterName: 市町村長, law: 法, affair: 事務, source: https://example.jp/law";

  /**
   * One broken table per rule, and the message it must give; {@code %s} in a case is the rest of a
   * good row ({@link #OK}).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no affairs list            | rows: []                                                                                                           | f: needs a top-level 'affairs' list
          not a mapping              | affairs: [x2-1]                                                                                                    | f: affair 1: must be a mapping
          unknown key                | affairs: [{id: a, colour: red, requester: {kind: municipality}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 1: unknown key 'colour'
          no id                      | affairs: [{requester: {kind: municipality}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 1: 'id' is required
          bad id                     | affairs: [{id: X2_1, requester: {kind: municipality}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'X2_1': an id is 1-63 of a-z 0-9 '-'
          id twice                   | affairs: [{id: a, requester: {kind: municipality}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}, {id: a, requester: {body: jps}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a' appears twice
          no requester               | affairs: [{id: a, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}]          | f: affair 'a': requester: must be a mapping
          unknown requester body     | affairs: [{id: a, requester: {body: nobody}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a': requester: no registered body is called 'nobody'
          unknown requester kind     | affairs: [{id: a, requester: {kind: embassy}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a': requester: no kind of body is called 'embassy'
          body and kind              | affairs: [{id: a, requester: {body: jps, kind: national_body}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a': requester: name either a body or a kind of body
          the portal as requester    | affairs: [{id: a, requester: {body: portal}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a': requester is portal: a verifier, the portal or ops never takes part in an exchange
          verifiers as requester     | affairs: [{id: a, requester: {kind: verifier}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a': requester is any verifier: a verifier, the portal or ops never takes part
          ops as requester           | affairs: [{id: a, requester: {body: auditor}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a': requester is auditor: a verifier, the portal or ops never takes part
          the portal as provider     | affairs: [{id: a, requester: {kind: municipality}, %s, provides: [{provider: {kind: portal}, providerName: マイナポータル, item: household}]}] | f: affair 'a', provides 1: provider is any portal: a verifier, the portal or ops never takes part
          unknown provider body      | affairs: [{id: a, requester: {kind: municipality}, %s, provides: [{provider: {body: kenpo-kumiai}, providerName: 健康保険組合, item: household}]}] | f: affair 'a', provides 1: provider: no registered body is called 'kenpo-kumiai'
          no source URL              | affairs: [{id: a, requester: {kind: municipality}, row: 別表第二 第1項, requesterName: 市町村長, law: 法, affair: 事務, source: the statute, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a': 'source' cites where the row was read (a URL)
          no law                     | affairs: [{id: a, requester: {kind: municipality}, row: 別表第二 第1項, requesterName: 市町村長, affair: 事務, source: https://example.jp, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a': 'law' is required
          no row                     | affairs: [{id: a, requester: {kind: municipality}, requesterName: 市町村長, law: 法, affair: 事務, source: https://example.jp, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a': 'row' is required
          no provides                | affairs: [{id: a, requester: {kind: municipality}, %s}]                                                            | f: affair 'a': 'provides' must be a non-empty list
          empty provides             | affairs: [{id: a, requester: {kind: municipality}, %s, provides: []}]                                              | f: affair 'a': 'provides' must be a non-empty list
          provision not a mapping    | affairs: [{id: a, requester: {kind: municipality}, %s, provides: [household]}]                                     | f: affair 'a', provides 1: must be a mapping
          provision unknown key      | affairs: [{id: a, requester: {kind: municipality}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household, colour: red}]}] | f: affair 'a', provides 1: unknown key 'colour'
          no provider name           | affairs: [{id: a, requester: {kind: municipality}, %s, provides: [{provider: {kind: municipality}, item: household}]}] | f: affair 'a', provides 1: 'providerName' is required
          unknown item               | affairs: [{id: a, requester: {kind: municipality}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: pets}]}] | f: affair 'a', provides 1: the data standard has no item 'pets'
          provision twice            | affairs: [{id: a, requester: {kind: municipality}, %s, provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}, {provider: {kind: municipality}, providerName: 市町村長, item: household}]}] | f: affair 'a', provides 2: any municipality is asked for 'household' twice
          """)
  void should_stop_the_start_naming_the_row_when_the_table_is_broken(
      String name, String yaml, String message) {
    assertThatThrownBy(() -> ExchangeTable.parse(yaml.replace("%s", OK), "f", BODIES, STANDARD))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
