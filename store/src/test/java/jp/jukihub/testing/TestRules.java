package jp.jukihub.testing;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Named.named;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The house style's rules for tests (ArchUnit), checked by every module's {@code ArchitectureTest}
 * over its own tests (gateway's over the store's too).
 */
public final class TestRules {
  private TestRules() {}

  /** The test classes of these packages on the class path. */
  public static JavaClasses tests(String... packages) {
    return new ClassFileImporter()
        .withImportOption(location -> location.matches(ArchitectureRules.TEST_LOCATION))
        .importPackages(packages);
  }

  public static final ArchRule TEST_NAMES_SAY_THE_BEHAVIOUR =
      methods()
          .that()
          .areAnnotatedWith("org.junit.jupiter.api.Test")
          .or()
          .areAnnotatedWith("org.junit.jupiter.params.ParameterizedTest")
          .or()
          .areAnnotatedWith("org.junit.jupiter.api.RepeatedTest")
          .or()
          .areAnnotatedWith("com.code_intelligence.jazzer.junit.FuzzTest")
          .should()
          .haveNameMatching("should_[a-z0-9_]+")
          .because(
              "tests have one naming style, should_<behaviour>_when_<condition> in lower-case"
                  + " words, so a failing test's name says what broke (the condition is held to"
                  + " the style, not to the word 'when')");

  public static final ArchRule TESTS_WAIT_FOR_CONDITIONS_NOT_TIME =
      noClasses()
          .that(
              areNoneOf(
                  Eventually.class.getName(),
                  "jp.jukihub.gateway.jpki.JpkiScenarios",
                  "jp.jukihub.gateway.audit.AuditCrashIT",
                  "jp.jukihub.gateway.register.PropagationCrashIT",
                  "jp.jukihub.gateway.audit.AuditApiIT"))
          .should()
          .callMethodWhere(
              describe(
                  "target is Thread.sleep or TimeUnit.sleep",
                  call ->
                      call.getName().equals("sleep")
                          && (call.getTargetOwner().isEquivalentTo(Thread.class)
                              || call.getTargetOwner().isEquivalentTo(TimeUnit.class))))
          .because(
              "a test waits for a condition with Eventually.until, not for time: a fixed sleep is"
                  + " too short on a busy machine and too long on every other. Exempt until they"
                  + " take injected time, as they wait for time itself: JpkiScenarios (1.5 s while"
                  + " the publisher passes an uncommitted number), AuditCrashIT and"
                  + " PropagationCrashIT (load before the kill), AuditApiIT (20 ms between queued"
                  + " requests)");

  public static final ArchRule TESTS_SET_NO_SYSTEM_PROPERTIES =
      noClasses()
          .should()
          .callMethodWhere(
              describe(
                  "target is System.setProperty, clearProperty or setProperties",
                  call ->
                      call.getTargetOwner().isEquivalentTo(System.class)
                          && Set.of("setProperty", "clearProperty", "setProperties")
                              .contains(call.getName())))
          .because(
              "tests hand their options to what they test (HubOptions.with...), never through"
                  + " system properties, which are global to the JVM and leak between test"
                  + " classes");

  /**
   * The rules for tests, named, for a module's parameterized test:
   * {@code @MethodSource("jp.jukihub.testing.TestRules#testRules")}.
   */
  public static Stream<Named<ArchRule>> testRules() {
    return Stream.of(
        named("test names", TEST_NAMES_SAY_THE_BEHAVIOUR),
        named("no sleep but Eventually's", TESTS_WAIT_FOR_CONDITIONS_NOT_TIME),
        named("no system property", TESTS_SET_NO_SYSTEM_PROPERTIES));
  }

  private static DescribedPredicate<JavaClass> areNoneOf(String... classNames) {
    Set<String> names = Set.of(classNames);
    return describe(
        "are none of " + String.join(", ", classNames),
        javaClass -> !names.contains(javaClass.getName()));
  }
}
