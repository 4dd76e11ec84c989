package jp.jukihub.bench;

import static jp.jukihub.testing.ArchitectureRules.LOGGERS_ARE_PRIVATE_STATIC_FINAL;
import static jp.jukihub.testing.ArchitectureRules.NO_FUTURE_AWAIT;
import static jp.jukihub.testing.ArchitectureRules.NO_GRAB_BAG_CLASSES;
import static jp.jukihub.testing.ArchitectureRules.NO_GRAB_BAG_PACKAGES;
import static jp.jukihub.testing.ArchitectureRules.OPTIONS_ARE_VALUES;
import static jp.jukihub.testing.ArchitectureRules.RANDOMNESS_IS_SEEDED;
import static jp.jukihub.testing.ArchitectureRules.SOURCES_ARE_INTERFACES;
import static jp.jukihub.testing.ArchitectureRules.VERTICLES_END_IN_VERTICLE;
import static org.junit.jupiter.api.Named.named;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import jp.jukihub.testing.ArchitectureRules;
import jp.jukihub.testing.TestRules;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The house style's rules that judge the benchmarks (this module's main code) and the load tests.
 * The benchmarks are a composition root, like the command line: they take the system clock and
 * print to the terminal. A rule that finds nothing to judge here (no logger, no *Options) passes.
 */
class ArchitectureTest {
  private static final JavaClasses BENCH = ArchitectureRules.production("jp.jukihub.bench");
  private static final JavaClasses TESTS =
      TestRules.tests("jp.jukihub.bench", "jp.jukihub.loadtest");

  static Stream<Named<ArchRule>> benchmarkRules() {
    return Stream.of(
        named("no grab-bag package", NO_GRAB_BAG_PACKAGES),
        named("no grab-bag class", NO_GRAB_BAG_CLASSES),
        named("randomness is seeded", RANDOMNESS_IS_SEEDED),
        named("no Future.await", NO_FUTURE_AWAIT),
        named("verticles end in Verticle", VERTICLES_END_IN_VERTICLE),
        named("*Options are records or final", OPTIONS_ARE_VALUES),
        named("*Source is an interface", SOURCES_ARE_INTERFACES),
        named("loggers are private static final", LOGGERS_ARE_PRIVATE_STATIC_FINAL));
  }

  @ParameterizedTest
  @MethodSource("benchmarkRules")
  void should_hold_when_judging_the_benchmarks(ArchRule rule) {
    rule.allowEmptyShould(true).check(BENCH);
  }

  @ParameterizedTest
  @MethodSource("jp.jukihub.testing.TestRules#testRules")
  void should_hold_when_judging_the_load_tests(ArchRule rule) {
    rule.check(TESTS);
  }
}
