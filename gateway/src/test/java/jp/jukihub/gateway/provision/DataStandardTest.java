package jp.jukihub.gateway.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import jp.jukihub.error.ErrorCode;
import jp.jukihub.error.HubException;
import jp.jukihub.gateway.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataStandardTest {
  static final DataStandard STANDARD = DataStandard.load();

  /** One copy per item that follows the standard, as a provider would keep it. */
  static final Map<String, String> VALID =
      Map.of(
          "household",
          "{\"householdNumber\":\"0000123456\",\"relationshipCode\":\"02\",\"isHead\":true,"
              + "\"since\":\"2019-04-01\",\"memberCount\":3}",
          "local-tax-income",
          "{\"fiscalYear\":2024,\"taxableIncome\":4200000,\"municipalTax\":252000,"
              + "\"prefecturalTax\":168000,\"incomeCategory\":\"01\",\"taxStatus\":\"1\"}",
          "resident-status",
          "{\"status\":\"1\",\"residentType\":\"2\",\"since\":\"2020-02-29\"}",
          "pension-benefit",
          "{\"status\":\"1\",\"pensionType\":\"21\",\"monthlyAmount\":145000,"
              + "\"since\":\"2018-06-15\"}",
          "health-insurance",
          "{\"insurerType\":\"01\",\"qualified\":true,\"insuredType\":\"2\","
              + "\"since\":\"2021-10-01\"}",
          "child-allowance",
          "{\"status\":\"1\",\"childrenCount\":2,\"monthlyAmount\":25000,"
              + "\"since\":\"2023-04-01\"}");

  @Test
  void should_hold_the_six_items_of_the_research_when_bundled() {
    assertThat(STANDARD.items()).containsExactlyInAnyOrderElementsOf(VALID.keySet()).hasSize(6);
    assertThat(STANDARD.name("local-tax-income")).hasValue("地方税関係情報（所得・課税情報）");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "household",
    "local-tax-income",
    "resident-status",
    "pension-benefit",
    "health-insurance",
    "child-allowance"
  })
  void should_return_the_copy_unchanged_when_it_follows_the_standard(String item) {
    JsonObject copy = new JsonObject(VALID.get(item));

    JsonObject normal = STANDARD.validate(item, copy);

    assertThat(normal.encode()).isEqualTo(copy.encode());
    assertThat(STANDARD.validate(item, normal)).isEqualTo(normal);
  }

  @Test
  void should_keep_only_declared_fields_in_their_order_and_years_as_numbers_when_normalising() {
    JsonObject copy =
        new JsonObject(
            "{\"since\":\"2019-04-01\",\"isHead\":false,\"relationshipCode\":\"20\","
                + "\"householdNumber\":\"0000123456\",\"memberCount\":null}");
    JsonObject tax = new JsonObject(VALID.get("local-tax-income")).put("fiscalYear", "2024");

    assertThat(STANDARD.validate("household", copy).encode())
        .isEqualTo(
            "{\"householdNumber\":\"0000123456\",\"relationshipCode\":\"20\",\"isHead\":false,"
                + "\"since\":\"2019-04-01\"}");
    assertThat(STANDARD.validate("local-tax-income", tax).getValue("fiscalYear")).isEqualTo(2024);
    assertThat(STANDARD.validate("local-tax-income", tax).getValue("taxableIncome"))
        .isEqualTo(4200000L);
  }

  /**
   * One case per rule and per type: the item's valid copy with {@code change} merged in; the
   * refusal names the field and the rule, and never carries {@code never} (the bad value).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown plain field      | household        | {"colour":"TANAKA-TARO"}            | a field is not in the standard; its fields: householdNumber, | colour
          unknown odd field        | household        | {"123456789012":true}               | a field is not in the standard              | 123456789012
          unknown letter first     | household        | {"a123456789012":true}              | a field is not in the standard              | 123456789012
          field with a space       | household        | {"my number":"x"}                   | a field is not in the standard              | my number
          required left out        | household        | {"householdNumber":null}            | field 'householdNumber' is required         | null
          digits: letters          | household        | {"householdNumber":"12345abcde"}    | field 'householdNumber' must be a string of digits 0-9 | 12345abcde
          digits: a number         | household        | {"householdNumber":1234567890}      | field 'householdNumber' must be a string of digits 0-9 | 1234567890
          digits: full-width       | household        | {"householdNumber":"１２３４５６７８９０"} | field 'householdNumber' must be a string of digits 0-9 | １２３４５６７８９０
          digits: length           | household        | {"householdNumber":"987654321"}     | field 'householdNumber' must be 10 digits   | 987654321
          integer: fraction        | household        | {"memberCount":2.5}                 | field 'memberCount' must be a whole number  | 2.5
          integer: float           | household        | {"memberCount":3.0}                 | field 'memberCount' must be a whole number  | 3.0
          integer: string          | household        | {"memberCount":"3"}                 | field 'memberCount' must be a whole number  | "3"
          integer: below min       | household        | {"memberCount":0}                   | field 'memberCount' must be from 1 to 99    | :0
          integer: above max       | household        | {"memberCount":4711}                | field 'memberCount' must be from 1 to 99    | 4711
          integer: huge            | local-tax-income | {"taxableIncome":123456789012345678901234567890} | field 'taxableIncome' must be from 0 to 999999999999 | 123456789012345678901234567890
          date: other format       | household        | {"since":"2019/04/01"}              | field 'since' must be a date written yyyy-mm-dd | 2019/04/01
          date: a number           | household        | {"since":20190401}                  | field 'since' must be a date written yyyy-mm-dd | 20190401
          date: not a real date    | household        | {"since":"2023-02-29"}              | field 'since' must be a real date           | 2023-02-29
          boolean: a string        | household        | {"isHead":"yes"}                    | field 'isHead' must be true or false        | yes
          code: unknown            | household        | {"relationshipCode":"77"}           | field 'relationshipCode' must be one of the codes 02, 11, 12, 20, 31, 32, 41, 51, 90, 99 | 77
          code: a number           | resident-status  | {"status":4711}                     | field 'status' must be one of the codes 1, 2, 3, 4, 5 | 4711
          code: an object          | resident-status  | {"status":{"code":"SECRET"}}        | field 'status' must be one of the codes     | SECRET
          year: two digits         | local-tax-income | {"fiscalYear":"24"}                 | field 'fiscalYear' must be a year of 4 digits | "24"
          year: a float            | local-tax-income | {"fiscalYear":2024.5}               | field 'fiscalYear' must be a year of 4 digits | 2024.5
          year: too early          | local-tax-income | {"fiscalYear":1899}                 | field 'fiscalYear' must be a year from 1900 to 2100 | 1899
          year: too late as text   | local-tax-income | {"fiscalYear":"2101"}               | field 'fiscalYear' must be a year from 1900 to 2100 | 2101
          """)
  void should_refuse_naming_the_field_and_rule_but_not_the_value_when_a_copy_breaks_a_rule(
      String name, String item, String change, String message, String never) {
    JsonObject copy = new JsonObject(VALID.get(item)).mergeIn(new JsonObject(change));

    assertThatThrownBy(() -> STANDARD.validate(item, copy))
        .isInstanceOf(HubException.class)
        .satisfies(
            e -> {
              HubException refused = (HubException) e;
              assertThat(refused.code()).isEqualTo(ErrorCode.COPY_NOT_STANDARD);
              assertThat(refused.detail()).startsWith("copy of '" + item + "': ").contains(message);
              assertThat(refused.detail()).doesNotContain(never.replace("\"", ""));
            });
  }

  @Test
  void should_refuse_without_echoing_it_when_the_item_is_unknown_or_the_copy_missing() {
    assertThatThrownBy(() -> STANDARD.validate("pet-123456789012", new JsonObject()))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("unknown item")
        .hasMessageNotContaining("123456789012");
    assertThatThrownBy(() -> STANDARD.validate(null, new JsonObject()))
        .hasMessageContaining("unknown item");
    assertThatThrownBy(() -> STANDARD.validate("household", null))
        .isInstanceOf(HubException.class)
        .hasMessage("copy of 'household': no copy");
  }

  @Test
  void should_bound_a_digits_field_by_its_max_length_when_it_declares_one() {
    DataStandard standard =
        DataStandard.parse(
            "items:\n  x: {name: X, source: S, fields: {n: {type: digits, maxLength: 4, required:"
                + " true}}}\n",
            "f");

    assertThat(standard.validate("x", new JsonObject().put("n", "0123")).getString("n"))
        .isEqualTo("0123");
    assertThatThrownBy(() -> standard.validate("x", new JsonObject().put("n", "98765")))
        .hasMessage("copy of 'x': field 'n' must be at most 4 digits");
  }

  /** One broken declaration per load-time rule, and the message it must give. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown type          | {type: text, required: true}                                | field 'f': unknown type 'text' (digits, integer, date, boolean, code, year)
          required left out     | {type: boolean}                                             | field 'f': 'required' must be true or false
          required as text      | {type: boolean, required: 'yes'}                            | field 'f': 'required' must be true or false
          key of another type   | {type: digits, length: 4, min: 1, required: true}           | field 'f': unknown key 'min'
          digits without length | {type: digits, required: true}                              | has a length or a maxLength (one of them), 1 to 64
          digits length 0       | {type: digits, length: 0, required: true}                   | has a length or a maxLength (one of them), 1 to 64
          digits length 65      | {type: digits, maxLength: 65, required: true}               | has a length or a maxLength (one of them), 1 to 64
          digits both lengths   | {type: digits, length: 4, maxLength: 8, required: true}     | has a length or a maxLength (one of them), 1 to 64
          integer min above max | {type: integer, min: 9, max: 1, required: true}             | field 'f': an integer field has whole-number min and max, min not above max
          integer without max   | {type: integer, min: 0, required: true}                     | an integer field has whole-number min and max
          integer float bound   | {type: integer, min: 0, max: 1.5, required: true}           | an integer field has whole-number min and max
          code without values   | {type: code, required: true}                                | field 'f': a code field lists its codes
          code with no codes    | {type: code, values: {}, required: true}                    | a code field lists its codes
          code unquoted         | {type: code, values: {1: 住民}, required: true}              | a code field lists its codes
          code without name     | {type: code, values: {'1': ''}, required: true}             | a code field lists its codes
          date with a length    | {type: date, length: 10, required: true}                    | field 'f': unknown key 'length'
          """)
  void should_refuse_the_standard_naming_item_and_field_when_a_field_is_declared_wrong(
      String name, String declaration, String message) {
    String yaml = "items:\n  x: {name: X, source: S, fields: {f: " + declaration + "}}\n";

    assertThatThrownBy(() -> DataStandard.parse(yaml, "std.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("std.yaml: item 'x'")
        .hasMessageContaining(message);
  }

  /** One broken item per load-time rule, and the message it must give. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no items          | other: {}                                                          | std.yaml: needs a top-level 'items' mapping
          empty items       | items: {}                                                          | std.yaml: needs a top-level 'items' mapping
          item id           | items: {Pets: {name: X, source: S, fields: {f: {type: boolean, required: true}}}} | std.yaml: item 'Pets': an item's id is 1-63 of a-z 0-9 '-'
          item not a map    | items: {x: 12}                                                     | std.yaml: item 'x': must be a mapping
          item unknown key  | items: {x: {name: X, source: S, owner: Y, fields: {f: {type: boolean, required: true}}}} | std.yaml: item 'x': unknown key 'owner'
          item without name | items: {x: {source: S, fields: {f: {type: boolean, required: true}}}} | std.yaml: item 'x': 'name' is required
          item no source    | items: {x: {name: X, fields: {f: {type: boolean, required: true}}}} | std.yaml: item 'x': 'source' is required
          item no fields    | items: {x: {name: X, source: S, fields: {}}}                       | std.yaml: item 'x': 'fields' must be a non-empty mapping
          field name        | items: {x: {name: X, source: S, fields: {2nd: {type: boolean, required: true}}}} | std.yaml: item 'x', field '2nd': a field's name is a letter, then letters and digits
          field not a map   | items: {x: {name: X, source: S, fields: {f: boolean}}}             | std.yaml: item 'x', field 'f': must be a mapping
          """)
  void should_refuse_the_standard_naming_the_item_when_an_item_is_wrong(
      String name, String yaml, String message) {
    assertThatThrownBy(() -> DataStandard.parse(yaml, "std.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
