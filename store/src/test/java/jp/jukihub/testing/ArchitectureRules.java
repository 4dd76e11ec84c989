package jp.jukihub.testing;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The house style as architecture rules (ArchUnit) over main code, shared by the modules' {@code
 * ArchitectureTest}s: gateway's judges the store and the gateway, loadtest's the benchmarks ({@link
 * TestRules} judge the tests). Each rule says its reason in {@code because(...)}, so a failure
 * explains itself.
 */
public final class ArchitectureRules {
  private static final String GATEWAY = "jp.jukihub.gateway..";
  private static final String CLI = "jp.jukihub.gateway.cli..";
  private static final String BENCH = "jp.jukihub.bench..";
  private static final String HUB_SERVER = "jp.jukihub.gateway.HubServer";
  private static final String STAGE = "jp.jukihub.gateway.pipeline.Stage";
  private static final String REQUEST_ID_STAGE = "jp.jukihub.gateway.pipeline.RequestIdStage";

  private static final Set<String> DATES_AND_TIMES =
      Set.of(
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalDateTime",
          "java.time.LocalTime",
          "java.time.ZonedDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay");

  /** Test classes: a module's own, or another module's test fixtures jar (the store's). */
  static final Pattern TEST_LOCATION =
      Pattern.compile(".*(/target/test-classes/|-tests\\.jar!/).*");

  private ArchitectureRules() {}

  /** The main classes of these packages on the class path: what the build ships. */
  public static JavaClasses production(String... packages) {
    return new ClassFileImporter()
        .withImportOption(location -> !location.matches(TEST_LOCATION))
        .importPackages(packages);
  }

  // Modules: the arrows point one way.

  public static final ArchRule STORE_KNOWS_NO_HTTP =
      noStoreClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vertx.core.http..", "io.vertx.ext.web..", "io.netty.handler.codec.http..")
          .because(
              "the store holds the nation's numbers and the tiered resident store and knows nothing"
                  + " of HTTP: requests, routes and status codes are the gateway's, so the command"
                  + " line, the benchmarks and any other face can use the store alike");

  public static final ArchRule STORE_DOES_NOT_DEPEND_ON_GATEWAY =
      noStoreClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage(GATEWAY)
          .because(
              "the gateway depends on the store, never the other way: a store class that reaches"
                  + " back into the gateway is a design bug, a cycle between modules in all but"
                  + " name");

  public static final ArchRule GATEWAY_KNOWS_NO_SQL =
      noClasses()
          .that()
          .resideInAPackage(GATEWAY)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "java.sql..",
              "javax.sql..",
              "org.postgresql..",
              "io.vertx.sqlclient..",
              "io.vertx.pgclient..",
              "org.flywaydb..",
              "io.zonky..")
          .because(
              "the gateway knows nothing of SQL: it asks the store's interfaces for residents,"
                  + " certificates and audit records, and only the store knows tables, pools,"
                  + " migrations and the embedded database");

  // Packages by capability.

  public static final ArchRule TOP_PACKAGES_FREE_OF_CYCLES =
      slices()
          .matching("jp.jukihub.(*)..")
          .should()
          .beFreeOfCycles()
          .because(
              "each capability is a package family a newcomer can read alone, and it arrives and"
                  + " leaves as a unit: packages that need each other can only move together");

  public static final ArchRule GATEWAY_PACKAGES_FREE_OF_CYCLES =
      slices()
          .matching("jp.jukihub.gateway.(*)..")
          .should()
          .beFreeOfCycles()
          .because(
              "the gateway's capabilities (identity, jpki, firewall, law, ...) register with the"
                  + " server in one place and lean on the pipeline, never on each other in a"
                  + " circle, so one can be added or removed without touching the others");

  public static final ArchRule NO_GRAB_BAG_PACKAGES =
      noClasses()
          .should()
          .resideInAnyPackage(
              "..util..",
              "..utils..",
              "..helper..",
              "..helpers..",
              "..manager..",
              "..managers..",
              "..common..",
              "..misc..")
          .because(
              "packages are named for a capability (identity, revocation, audit, ...): a util,"
                  + " helpers or common package gathers what no capability owns, and soon every"
                  + " capability depends on it");

  public static final ArchRule NO_GRAB_BAG_CLASSES =
      noClasses()
          .should()
          .haveSimpleNameEndingWith("Utils")
          .orShould()
          .haveSimpleNameEndingWith("Helper")
          .orShould()
          .haveSimpleNameEndingWith("Manager")
          .because(
              "a class is named for what it is in the domain's English (IdentityLookup, LawTable,"
                  + " RevocationList); *Utils, *Helper and *Manager say only that it holds things,"
                  + " and it soon holds everything");

  // One request, one way through: the pipeline's stages.

  public static final ArchRule STAGES_END_IN_STAGE =
      classes()
          .that()
          .implement(STAGE)
          .should()
          .haveSimpleNameEndingWith("Stage")
          .because(
              "every request passes a short pipeline of small stages; a stage's name says it is"
                  + " one, so the pipeline's order reads from its class names");

  public static final ArchRule STAGE_NAMES_ARE_STAGES =
      classes()
          .that()
          .haveSimpleNameEndingWith("Stage")
          .and()
          .doNotHaveFullyQualifiedName(STAGE)
          .should()
          .beAssignableTo(STAGE)
          .because(
              "a class named *Stage promises a step of the request pipeline (an id, a phase,"
                  + " apply(RequestContext)); nothing else may borrow the suffix");

  public static final ArchRule STAGES_LIVE_IN_THE_PIPELINE_OR_A_CAPABILITY =
      classes()
          .that()
          .haveSimpleNameEndingWith("Stage")
          .should()
          .resideInAPackage(GATEWAY)
          .andShould()
          .resideOutsideOfPackages(
              "jp.jukihub.gateway",
              CLI,
              "jp.jukihub.gateway.config..",
              "jp.jukihub.gateway.http..",
              "jp.jukihub.gateway.logging..",
              "jp.jukihub.gateway.ops..",
              "jp.jukihub.gateway.tls..")
          .because(
              "a stage lives in the pipeline package (the shared stages, whose order is declared"
                  + " once) or in the capability it serves, which brings its routes and their"
                  + " stages as a unit; the plumbing packages (the server, cli, config, http,"
                  + " logging, ops, tls) hold none");

  // Time and randomness are injected.

  public static final ArchRule TIME_IS_INJECTED =
      noClasses()
          .that()
          .resideOutsideOfPackages(CLI, BENCH)
          .and(areNotPartOf(HUB_SERVER))
          .should()
          .callMethodWhere(readsTheSystemClock())
          .because(
              "time is injected as a Clock so tests are exact: only the composition root"
                  + " (HubServer, the command line, the benchmarks) takes the system clock, and"
                  + " hands it on");

  public static final ArchRule RANDOMNESS_IS_SEEDED =
      noClasses()
          .that(areNotPartOf(REQUEST_ID_STAGE))
          .should()
          .callCodeUnitWhere(unseededRandomness())
          .because(
              "randomness is injected and seeded (a RandomGenerator from a seed) so tests and"
                  + " benchmarks repeat exactly; SecureRandom stays for keys and serials, and"
                  + " RequestIdStage's request ids need only be unique");

  // Never block an event loop.

  public static final ArchRule NO_FUTURE_AWAIT =
      noClasses()
          .should()
          .callMethodWhere(
              describe(
                  "target is io.vertx.core.Future.await (any overload)",
                  call ->
                      call.getName().equals("await")
                          && call.getTargetOwner().isAssignableTo("io.vertx.core.Future")))
          .because(
              "Future.await() parks the calling thread until the result comes, and on an event"
                  + " loop that stalls every request the loop serves: main code composes futures,"
                  + " only tests await them");

  // Names say the role.

  public static final ArchRule VERTICLES_END_IN_VERTICLE =
      classes()
          .that()
          .areAssignableTo("io.vertx.core.Verticle")
          .or()
          .areAssignableTo("io.vertx.core.Deployable")
          .should()
          .haveSimpleNameEndingWith("Verticle")
          .because(
              "the suffix says the role: a *Verticle runs on an event loop and must never block"
                  + " it, and a reader looks for that name to know which code runs there");

  public static final ArchRule OPTIONS_ARE_VALUES =
      classes()
          .that()
          .haveSimpleNameEndingWith("Options")
          .and()
          .arePublic()
          .and()
          .areTopLevelClasses()
          .should()
          .beRecords()
          .orShould()
          .haveModifier(JavaModifier.FINAL)
          .because(
              "configuration is one typed *Options record per component, read once at start-up"
                  + " and validated: a value that nobody extends or changes afterwards");

  public static final ArchRule SOURCES_ARE_INTERFACES =
      classes()
          .that()
          .haveSimpleNameEndingWith("Source")
          .and()
          .areTopLevelClasses()
          .should()
          .beInterfaces()
          .because(
              "a *Source is the one narrow read interface that tiers wrap in a chain (cache,"
                  + " tier, fallback, as Boulder's Source); each implementation is named for the"
                  + " tier it is");

  // Logging and configuration.

  public static final ArchRule LOGGERS_ARE_PRIVATE_STATIC_FINAL =
      fields()
          .that()
          .haveRawType("org.slf4j.Logger")
          .should()
          .bePrivate()
          .andShould()
          .beStatic()
          .andShould()
          .beFinal()
          .because(
              "each class logs under its own name with its own logger, so a log line names the"
                  + " boundary that owns the error (it logs once, there), and no one else's");

  public static final ArchRule NO_CONSOLE_OUTSIDE_THE_COMMAND_LINE =
      noClasses()
          .that()
          .resideOutsideOfPackages(CLI, BENCH)
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .orShould()
          .callMethodWhere(
              describe(
                  "target is Throwable.printStackTrace() (to System.err)",
                  call ->
                      call.getName().equals("printStackTrace")
                          && call.getTarget().getRawParameterTypes().isEmpty()
                          && call.getTargetOwner().isAssignableTo(Throwable.class)))
          .because(
              "the hub writes JSON log lines through SLF4J, redacted and naming the request; only"
                  + " the command line and the benchmarks talk to a terminal, and a stray print"
                  + " bypasses the redaction");

  public static final ArchRule CONFIGURATION_IS_READ_AT_THE_ROOT =
      noClasses()
          .that()
          .resideOutsideOfPackages(CLI, BENCH)
          .should()
          .callMethodWhere(
              describe(
                  "target is System.getenv or System.getProperty/getProperties",
                  call ->
                      call.getTargetOwner().isEquivalentTo(System.class)
                          && Set.of("getenv", "getProperty", "getProperties")
                              .contains(call.getName())))
          .because(
              "configuration is one typed *Options per component, read once at start-up from"
                  + " YAML plus environment overrides by the command line; a class that reads"
                  + " the environment itself escapes that validation");

  /** The store's classes: the hub's own, outside the gateway and the benchmarks. */
  private static GivenClassesConjunction noStoreClasses() {
    return noClasses()
        .that()
        .resideInAPackage("jp.jukihub..")
        .and()
        .resideOutsideOfPackages(GATEWAY, BENCH);
  }

  /** Neither the class itself nor a class nested in it. */
  private static DescribedPredicate<JavaClass> areNotPartOf(String className) {
    return describe(
        "are not part of " + className,
        javaClass ->
            !javaClass.getName().equals(className)
                && !javaClass.getName().startsWith(className + "$"));
  }

  private static DescribedPredicate<JavaCall<?>> readsTheSystemClock() {
    return describe(
        "target reads the system clock (Clock.systemUTC(), Clock.systemDefaultZone(),"
            + " Clock.system(zone), Instant/LocalDate/...now() without a Clock,"
            + " System.currentTimeMillis())",
        call -> {
          String owner = call.getTargetOwner().getName();
          String name = call.getName();
          List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
          return switch (owner) {
            case "java.time.Clock" ->
                Set.of("systemUTC", "systemDefaultZone", "system").contains(name);
            case "java.lang.System" -> name.equals("currentTimeMillis");
            default ->
                DATES_AND_TIMES.contains(owner)
                    && name.equals("now")
                    && (parameters.isEmpty() || !parameters.get(0).isEquivalentTo(Clock.class));
          };
        });
  }

  private static DescribedPredicate<JavaCall<?>> unseededRandomness() {
    return describe(
        "target is unseeded randomness (new Random(), new SplittableRandom(), Math.random(),"
            + " ThreadLocalRandom.current(), RandomGenerator.getDefault())",
        call -> {
          String owner = call.getTargetOwner().getName();
          String name = call.getName();
          boolean noArguments = call.getTarget().getRawParameterTypes().isEmpty();
          return switch (owner) {
            case "java.util.Random", "java.util.SplittableRandom" ->
                name.equals("<init>") && noArguments;
            case "java.lang.Math", "java.lang.StrictMath" -> name.equals("random");
            case "java.util.concurrent.ThreadLocalRandom" -> name.equals("current");
            case "java.util.random.RandomGenerator" -> name.equals("getDefault");
            default -> false;
          };
        });
  }
}
