package jp.jukihub.gateway.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.jukihub.gateway.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodyRegistryTest {

  @Test
  void should_hold_the_bodies_the_acceptance_checks_use_when_bundled() {
    BodyRegistry registry = BodyRegistry.load(null);
    assertThat(registry.find("jps"))
        .hasValueSatisfying(b -> assertThat(b.kind()).isEqualTo(BodyKind.NATIONAL_BODY));
    assertThat(registry.find("nta"))
        .hasValueSatisfying(b -> assertThat(b.corporateNumber()).isPresent());
    assertThat(registry.find("lg-131016"))
        .hasValueSatisfying(b -> assertThat(b.zone()).isEqualTo(Zone.MUNICIPALITY));
    assertThat(registry.find("pref-13"))
        .hasValueSatisfying(b -> assertThat(b.lgCode().orElseThrow().value()).isEqualTo("130001"));
    assertThat(registry.find("bank-demo"))
        .hasValueSatisfying(b -> assertThat(b.zone()).isEqualTo(Zone.VERIFIER));
    assertThat(registry.find("auditor"))
        .hasValueSatisfying(b -> assertThat(b.zone()).isEqualTo(Zone.OPS));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          duplicate id           | - {id: nta, name: A, kind: national_body, corporateNumber: '7000012050002'}\\n  - {id: nta, name: B, kind: national_body, corporateNumber: '7000012050002'} | duplicate id 'nta'
          bad corporate check    | - {id: x, name: X, kind: verifier, corporateNumber: '6000012050002'}   | check digit: corporate number
          missing corporate      | - {id: x, name: X, kind: verifier}                                    | 'corporateNumber' is required
          bad lg code            | - {id: lg-131017, name: X, kind: municipality, lgCode: '131017'}      | check digit: LgCode
          id disagrees with code | - {id: lg-131130, name: X, kind: municipality, lgCode: '131016'}      | id lg-<lgCode>
          prefecture as town     | - {id: lg-130001, name: X, kind: municipality, lgCode: '130001'}      | municipality's LgCode
          unknown kind           | - {id: x, name: X, kind: embassy, corporateNumber: '7000012050002'}   | unknown kind 'embassy'
          unknown zone           | - {id: x, name: X, kind: verifier, zone: moon, corporateNumber: '7000012050002'} | unknown zone 'moon'
          town in national zone  | - {id: lg-131016, name: X, kind: municipality, lgCode: '131016', zone: national_body} | a municipality belongs in zone municipality, not national_body
          verifier in ops zone   | - {id: x, name: X, kind: verifier, zone: ops, corporateNumber: '7000012050002'} | belongs in zone verifier, not ops
          upper-case id          | - {id: NTA, name: X, kind: national_body, corporateNumber: '7000012050002'} | must be lower-case
          """)
  void should_refuse_the_registry_and_say_why_when_an_entry_is_wrong(
      String name, String entries, String message) {
    String yaml = "bodies:\n  " + entries.replace("\\n", "\n");
    assertThatThrownBy(() -> BodyRegistry.parse(yaml, "test"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
