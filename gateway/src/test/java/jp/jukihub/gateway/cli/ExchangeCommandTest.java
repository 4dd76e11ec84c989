package jp.jukihub.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.jukihub.gateway.cli.HubCommandIT.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code hub exchange list}: real arguments and exit codes, no database needed. */
class ExchangeCommandTest {

  @Test
  void should_print_every_affair_with_its_citation_requester_and_providers_when_listing_all() {
    Result all = HubCommandIT.run("exchange", "list");

    assertThat(all.exitCode()).isZero();
    assertThat(all.out())
        .contains("x2-074-child-allowance  別表第二 第74項 (平成27年法律第65号までの番号)")
        .contains("  requester  any municipality (市町村長（児童手当法第十七条第一項の表の下欄に掲げる者を含む。）)")
        .contains("  affair     児童手当法: 児童手当法による児童手当又は特例給付の支給に関する事務であって主務省令で定めるもの")
        .contains("  source     https://github.com/ledmonster/japanese-law/")
        .contains("  may ask    any municipality (市町村長) for local-tax-income (地方税関係情報（所得・課税情報）)")
        .contains("             kyokai (医療保険者又は後期高齢者医療広域連合) for health-insurance")
        .endsWith("18 affair(s)\n");
  }

  @ParameterizedTest(name = "{0}: {1} affair(s)")
  @CsvSource({
    "lg-131016, 7, x2-116-child-care, x2-048-national-pension",
    "pref-27, 6, x2-026-public-assistance, x2-074-child-allowance",
    "jps, 4, x2-048-national-pension, x2-002-health-insurance",
    "kyokai, 1, x2-002-health-insurance, x2-048-national-pension",
    "portal, 0, affair(s), x2-",
  })
  void should_print_only_the_affairs_a_body_may_use_as_requester_when_given_a_body(
      String body, int affairs, String present, String absent) {
    Result result = HubCommandIT.run("exchange", "list", "--body", body);

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains(present)
        .doesNotContain(absent)
        .endsWith(affairs + " affair(s)\n");
  }

  @Test
  void should_exit_2_naming_the_problem_when_the_body_is_unknown_or_no_subcommand_is_named() {
    Result unknown = HubCommandIT.run("exchange", "list", "--body", "nobody");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no registered body is called 'nobody'");
    assertThat(HubCommandIT.run("exchange").exitCode()).isEqualTo(2);
  }

  @Test
  void should_exit_1_naming_the_row_when_the_operators_table_is_broken(@TempDir Path directory)
      throws IOException {
    Path table = directory.resolve("exchanges.yaml");
    Files.writeString(
        table,
        "affairs:\n  - {id: x2-1, requester: {body: portal}, row: 別表第二 第1項, requesterName: 照会者,"
            + " law: 法, affair: 事務, source: https://example.jp,"
            + " provides: [{provider: {kind: municipality}, providerName: 市町村長, item: household}]}\n");
    Path config = directory.resolve("hub.yaml");
    Files.writeString(config, "registry:\n  exchangeTableFile: " + table + "\n");

    Result broken = HubCommandIT.run("exchange", "list", "--config", config.toString());

    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.err())
        .contains(table + ": affair 'x2-1': requester is portal: a verifier, the portal or ops");
  }
}
