package jp.jukihub.ops;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import jp.jukihub.testing.TestRules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The house style's rules for tests, over this module's (it has no main code to judge). */
class ArchitectureTest {
  private static final JavaClasses TESTS = TestRules.tests("jp.jukihub.ops");

  @ParameterizedTest
  @MethodSource("jp.jukihub.testing.TestRules#testRules")
  void should_hold_when_judging_the_ops_checks(ArchRule rule) {
    rule.check(TESTS);
  }
}
