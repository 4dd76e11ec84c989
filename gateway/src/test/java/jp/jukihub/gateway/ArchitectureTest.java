package jp.jukihub.gateway;

import static jp.jukihub.testing.ArchitectureRules.CONFIGURATION_IS_READ_AT_THE_ROOT;
import static jp.jukihub.testing.ArchitectureRules.GATEWAY_KNOWS_NO_SQL;
import static jp.jukihub.testing.ArchitectureRules.GATEWAY_PACKAGES_FREE_OF_CYCLES;
import static jp.jukihub.testing.ArchitectureRules.LOGGERS_ARE_PRIVATE_STATIC_FINAL;
import static jp.jukihub.testing.ArchitectureRules.NO_CONSOLE_OUTSIDE_THE_COMMAND_LINE;
import static jp.jukihub.testing.ArchitectureRules.NO_FUTURE_AWAIT;
import static jp.jukihub.testing.ArchitectureRules.NO_GRAB_BAG_CLASSES;
import static jp.jukihub.testing.ArchitectureRules.NO_GRAB_BAG_PACKAGES;
import static jp.jukihub.testing.ArchitectureRules.OPTIONS_ARE_VALUES;
import static jp.jukihub.testing.ArchitectureRules.RANDOMNESS_IS_SEEDED;
import static jp.jukihub.testing.ArchitectureRules.SOURCES_ARE_INTERFACES;
import static jp.jukihub.testing.ArchitectureRules.STAGES_END_IN_STAGE;
import static jp.jukihub.testing.ArchitectureRules.STAGES_LIVE_IN_THE_PIPELINE_OR_A_CAPABILITY;
import static jp.jukihub.testing.ArchitectureRules.STAGE_NAMES_ARE_STAGES;
import static jp.jukihub.testing.ArchitectureRules.STORE_DOES_NOT_DEPEND_ON_GATEWAY;
import static jp.jukihub.testing.ArchitectureRules.STORE_KNOWS_NO_HTTP;
import static jp.jukihub.testing.ArchitectureRules.TIME_IS_INJECTED;
import static jp.jukihub.testing.ArchitectureRules.TOP_PACKAGES_FREE_OF_CYCLES;
import static jp.jukihub.testing.ArchitectureRules.VERTICLES_END_IN_VERTICLE;
import static jp.jukihub.testing.TestRules.TESTS_SET_NO_SYSTEM_PROPERTIES;
import static jp.jukihub.testing.TestRules.TESTS_WAIT_FOR_CONDITIONS_NOT_TIME;
import static jp.jukihub.testing.TestRules.TEST_NAMES_SAY_THE_BEHAVIOUR;

import com.tngtech.archunit.core.domain.JavaClasses;
import jp.jukihub.testing.ArchitectureRules;
import jp.jukihub.testing.TestRules;
import org.junit.jupiter.api.Test;

/**
 * The house style's rules over the store's and the gateway's classes (both are on this module's
 * class path), and over both modules' tests. The benchmarks have their own in loadtest.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = ArchitectureRules.production("jp.jukihub");
  private static final JavaClasses TESTS = TestRules.tests("jp.jukihub");

  @Test
  void should_be_a_named_unit_in_its_own_package_when_a_class_is_a_capability() {
    CapabilityRules.CAPABILITIES_ARE_UNITS.check(MAIN);
  }

  @Test
  void should_declare_routes_only_in_a_capability_when_a_route_is_added() {
    CapabilityRules.ROUTES_ARE_DECLARED_BY_THEIR_CAPABILITY.check(MAIN);
  }

  @Test
  void should_leave_permission_to_the_authorisation_stage_when_a_resource_serves_a_route() {
    CapabilityRules.RESOURCES_LEAVE_PERMISSION_TO_AUTHORISATION.check(MAIN);
  }

  @Test
  void should_know_nothing_of_http_when_a_class_is_in_the_store() {
    STORE_KNOWS_NO_HTTP.check(MAIN);
  }

  @Test
  void should_not_depend_on_the_gateway_when_a_class_is_in_the_store() {
    STORE_DOES_NOT_DEPEND_ON_GATEWAY.check(MAIN);
  }

  @Test
  void should_know_nothing_of_sql_when_a_class_is_in_the_gateway() {
    GATEWAY_KNOWS_NO_SQL.check(MAIN);
  }

  @Test
  void should_have_no_cycles_when_packages_are_sliced_by_capability() {
    TOP_PACKAGES_FREE_OF_CYCLES.check(MAIN);
  }

  @Test
  void should_have_no_cycles_when_the_gateway_is_sliced_by_capability() {
    GATEWAY_PACKAGES_FREE_OF_CYCLES.check(MAIN);
  }

  @Test
  void should_have_no_grab_bag_package_when_naming_packages() {
    NO_GRAB_BAG_PACKAGES.check(MAIN);
  }

  @Test
  void should_have_no_grab_bag_class_when_naming_classes() {
    NO_GRAB_BAG_CLASSES.check(MAIN);
  }

  @Test
  void should_end_in_stage_when_a_class_implements_stage() {
    STAGES_END_IN_STAGE.check(MAIN);
  }

  @Test
  void should_implement_stage_when_a_class_is_named_stage() {
    STAGE_NAMES_ARE_STAGES.check(MAIN);
  }

  @Test
  void should_live_in_the_pipeline_or_a_capability_when_a_class_is_a_stage() {
    STAGES_LIVE_IN_THE_PIPELINE_OR_A_CAPABILITY.check(MAIN);
  }

  @Test
  void should_take_time_from_a_clock_when_outside_the_composition_root() {
    TIME_IS_INJECTED.check(MAIN);
  }

  @Test
  void should_seed_randomness_when_results_depend_on_it() {
    RANDOMNESS_IS_SEEDED.check(MAIN);
  }

  @Test
  void should_never_await_a_future_when_in_main_code() {
    NO_FUTURE_AWAIT.check(MAIN);
  }

  @Test
  void should_end_in_verticle_when_a_class_is_deployable() {
    VERTICLES_END_IN_VERTICLE.check(MAIN);
  }

  @Test
  void should_be_a_record_or_final_when_a_public_class_is_named_options() {
    OPTIONS_ARE_VALUES.check(MAIN);
  }

  @Test
  void should_be_an_interface_when_a_class_is_named_source() {
    SOURCES_ARE_INTERFACES.check(MAIN);
  }

  @Test
  void should_be_private_static_final_when_a_field_is_a_logger() {
    LOGGERS_ARE_PRIVATE_STATIC_FINAL.check(MAIN);
  }

  @Test
  void should_not_print_to_the_console_when_outside_the_command_line() {
    NO_CONSOLE_OUTSIDE_THE_COMMAND_LINE.check(MAIN);
  }

  @Test
  void should_read_no_environment_when_outside_the_command_line() {
    CONFIGURATION_IS_READ_AT_THE_ROOT.check(MAIN);
  }

  @Test
  void should_be_named_should_when_a_method_is_a_test() {
    TEST_NAMES_SAY_THE_BEHAVIOUR.check(TESTS);
  }

  @Test
  void should_wait_for_a_condition_when_a_test_waits() {
    TESTS_WAIT_FOR_CONDITIONS_NOT_TIME.check(TESTS);
  }

  @Test
  void should_set_no_system_property_when_a_class_is_a_test() {
    TESTS_SET_NO_SYSTEM_PROPERTIES.check(TESTS);
  }
}
