package jp.jukihub.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import jp.jukihub.gateway.body.Body;
import jp.jukihub.gateway.http.ApiRoutes;
import jp.jukihub.gateway.http.ApiVerticle;
import jp.jukihub.gateway.http.Capability;

/** The rules that keep capabilities units, and authorisation in one stage. */
final class CapabilityRules {
  /** The packages of the capabilities, where resources and routes live. */
  private static final String[] CAPABILITIES = {
    "jp.jukihub.gateway.identity..",
    "jp.jukihub.gateway.register..",
    "jp.jukihub.gateway.audit..",
    "jp.jukihub.gateway.jpki..",
    "jp.jukihub.gateway.provision..",
    "jp.jukihub.gateway.portal.."
  };

  static final ArchRule CAPABILITIES_ARE_UNITS =
      classes()
          .that()
          .implement(Capability.class)
          .should()
          .haveSimpleNameEndingWith("Capability")
          .andShould()
          .resideInAnyPackage(CAPABILITIES)
          .because(
              "a capability is one package family that arrives and leaves as a unit, named for"
                  + " what it is (STYLE.md: a capability, whole)");

  static final ArchRule ROUTES_ARE_DECLARED_BY_THEIR_CAPABILITY =
      noClasses()
          .that()
          .doNotImplement(Capability.class)
          .and()
          .doNotBelongToAnyOf(ApiVerticle.class, ApiRoutes.class)
          .should()
          .callMethod(
              ApiRoutes.class,
              "route",
              io.vertx.core.http.HttpMethod.class,
              String.class,
              String.class,
              String.class)
          .because(
              "each capability declares its routes, their stages and their authority in one"
                  + " place of its own, so adding one touches no other capability's files");

  static final ArchRule RESOURCES_LEAVE_PERMISSION_TO_AUTHORISATION =
      noClasses()
          .that()
          .resideInAnyPackage(CAPABILITIES)
          .and()
          .haveSimpleNameEndingWith("Resource")
          .or()
          .haveSimpleNameEndingWith("Route")
          .should()
          .callMethod(Body.class, "kind")
          .orShould()
          .callMethod(Body.class, "zone")
          .because(
              "who may do what, for which affair, to whom is decided once, by the authorisation"
                  + " stage from a table of lawful uses; a resource that reads the caller's kind or"
                  + " zone to decide would copy it (declare a row and a RouteAuthority instead)");

  private CapabilityRules() {}
}
