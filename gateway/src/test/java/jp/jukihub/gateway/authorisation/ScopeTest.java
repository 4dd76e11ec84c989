package jp.jukihub.gateway.authorisation;

import static org.assertj.core.api.Assertions.assertThat;

import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.number.LgCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeTest {
  private static final BodyRegistry BODIES = BodyRegistry.load(null);

  // Chiyoda 131016 and Shibuya 131130 are in Tokyo (13), Toyonaka 272035 in Osaka (27).
  @ParameterizedTest(name = "{0} with scope {2} reaches a resident of {1}: {3}")
  @CsvSource({
    "lg-131016, 131016, OWN_MUNICIPALITY,     true",
    "lg-131016, 131130, OWN_MUNICIPALITY,     false",
    "jps,       131016, OWN_MUNICIPALITY,     false",
    "lg-131016, 131130, OTHER_MUNICIPALITIES, true",
    "lg-131016, 131016, OTHER_MUNICIPALITIES, false",
    "jps,       131130, OTHER_MUNICIPALITIES, false",
    "pref-13,   131130, OWN_PREFECTURE,       true",
    "pref-13,   272035, OWN_PREFECTURE,       false",
    "pref-13,   272035, OTHER_PREFECTURES,    true",
    "pref-13,   131016, OTHER_PREFECTURES,    false",
    "jps,       272035, NATIONWIDE,           true",
    "bank-demo, 131016, NATIONWIDE,           true",
  })
  void should_reach_a_resident_only_when_the_scope_covers_where_they_live(
      String caller, String home, Scope scope, boolean reaches) {
    Body body = BODIES.find(caller).orElseThrow();
    assertThat(scope.reaches(body, LgCode.of(home))).isEqualTo(reaches);
  }

  @Test
  void should_read_back_every_scope_when_given_its_label() {
    for (Scope scope : Scope.values()) {
      assertThat(Scope.ofLabel(scope.label())).contains(scope);
    }
    assertThat(Scope.ofLabel("own_municipality")).isEmpty();
  }
}
