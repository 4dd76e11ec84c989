package jp.jukihub.gateway.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.body.BodyRegistry;
import jp.jukihub.gateway.firewall.FirewallRules.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirewallRulesTest {
  static final BodyRegistry BODIES = BodyRegistry.load(null);
  static final FirewallRules DEMO = FirewallRules.load(null, BODIES);

  static Body body(String id) {
    return BODIES.find(id).orElseThrow();
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3} by {4}")
  @CsvSource({
    "bank-demo, POST, /v1/identity/lookup, false, verifiers-no-identity",
    "bank-demo, GET, /v1/bodies/me, true, anyone-who-am-i",
    "jps, GET, /v1/audit/records, true, audit-trail-reads",
    "jps, DELETE, /v1/audit/records, false, default-deny",
    "lg-131016, POST, /v1/municipalities/131016/residents, true, municipal-register",
    "lg-131016, DELETE, /v1/municipalities/131016/residents/1, false, default-deny",
    "jps, POST, /v1/municipalities/131016/residents, false, default-deny",
    "jps, GET, /v1/nothing-here, false, default-deny",
  })
  void should_decide_by_the_first_matching_rule_and_deny_by_default(
      String caller, String method, String path, boolean allowed, String rule) {
    Decision decision = DEMO.decide(body(caller), method, path);
    assertThat(decision.allowed()).isEqualTo(allowed);
    assertThat(decision.ruleId()).isEqualTo(rule);
  }

  @Test
  void should_match_one_segment_with_a_star_and_any_rest_with_two() {
    assertThat(
            FirewallRule.pathMatches(
                "/v1/municipalities/*/residents", "/v1/municipalities/131016/residents"))
        .isTrue();
    assertThat(
            FirewallRule.pathMatches(
                "/v1/municipalities/*/residents", "/v1/municipalities/131016/residents/x"))
        .isFalse();
    assertThat(
            FirewallRule.pathMatches(
                "/v1/municipalities/*/residents", "/v1/municipalities//residents"))
        .isFalse();
    assertThat(FirewallRule.pathMatches("/v1/identity/**", "/v1/identity")).isTrue();
    assertThat(FirewallRule.pathMatches("/v1/identity/**", "/v1/identity/lookup:batch")).isTrue();
    assertThat(FirewallRule.pathMatches("/v1/identity/**", "/v1/identityx")).isFalse();
  }

  @Test
  void should_name_the_rule_and_the_problem_when_a_rule_is_wrong() {
    assertThatThrownBy(
            () ->
                FirewallRules.parse(
                    "rules:\n  - {id: a, action: allow, from: zone:moon, to: /v1/**}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("rule 'a': no zone is called 'moon'");
    assertThatThrownBy(
            () ->
                FirewallRules.parse(
                    "rules:\n  - {id: a, action: allow, from: body:nobody, to: /v1/**}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("no registered body is called 'nobody'");
    assertThatThrownBy(
            () ->
                FirewallRules.parse(
                    "rules:\n  - {id: a, action: maybe, from: any, to: /v1/**}\n", "f", BODIES))
        .hasMessageContaining("action must be allow or deny");
    assertThatThrownBy(
            () ->
                FirewallRules.parse(
                    "rules:\n  - {id: a, action: allow, from: any, to: 'v1/**'}\n", "f", BODIES))
        .hasMessageContaining("'to' must be a path");
    assertThatThrownBy(
            () ->
                FirewallRules.parse(
                    "rules:\n  - {id: a, action: allow, from: any, to: /v1, methods: [FETCH]}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("unknown method 'FETCH'");
    assertThatThrownBy(
            () ->
                FirewallRules.parse(
                    "rules:\n  - {id: a, action: allow, from: any, to: /v1}\n  - {id: a, action: deny, from: any, to: /v2}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("ids are unique");
    assertThatThrownBy(
            () ->
                FirewallRules.parse(
                    "rules:\n  - {id: a, action: allow, from: any, to: /v1, note: x}\n",
                    "f",
                    BODIES))
        .hasMessageContaining("unknown key 'note'");
  }
}
