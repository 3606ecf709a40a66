package dev.swim.spring.autoconfigure.arch;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the Spring module, checked on its compiled classes: it reaches swim-core only
 * through the API a service would use plus the few configuration types it must map, and its feature
 * packages stay independent of each other. Each rule's {@code because} says why.
 */
class SpringArchitectureTest {
  /**
   * swim-core types outside its runtime and member packages that the Spring layer may use: the
   * configuration it maps properties onto, the counters it exports and the pluggable transport.
   */
  private static final String ALLOWED_CORE_TYPES =
      "dev\\.swim\\.core\\.(protocol\\.SwimConfig(\\$.*)?|protocol\\.ProtocolStats|protocol\\.ProbeOutcomes"
          + "|crypto\\.Keyring|transport\\.Transport|transport\\.TransportStats(\\$.*)?"
          + "|wire\\.WireCodec)";

  private static JavaClasses spring;

  @BeforeAll
  static void importSpringModule() {
    spring =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.swim.spring");
  }

  private static void check(ArchRule rule) {
    rule.check(spring);
  }

  @Test
  void usesSwimCoreOnlyThroughItsApi() {
    check(
        noClasses()
            .should()
            .dependOnClassesThat(
                resideInAPackage("dev.swim.core..")
                    .and(
                        not(
                            resideInAnyPackage(
                                "dev.swim.core.runtime",
                                "dev.swim.core.member",
                                "dev.swim.core.settings")))
                    .and(not(nameMatching(ALLOWED_CORE_TYPES))))
            .because(
                "protocol logic lives only in swim-core's protocol layer; the Spring layer drives"
                    + " the Gossiper and maps configuration, it never reaches into the engine"));
  }

  @Test
  void featurePackagesAreIndependent() {
    check(
        slices()
            .matching("dev.swim.spring.autoconfigure.(*)..")
            .should()
            .notDependOnEachOther()
            .because(
                "actuator, metrics, discovery and events are switched on and off"
                    + " independently, so none may need another"));
    check(
        slices()
            .matching("dev.swim.spring.(*)..")
            .should()
            .notDependOnEachOther()
            .ignoreDependency(resideInAPackage("dev.swim.spring.autoconfigure.."), alwaysTrue())
            .because("each feature's public types stand alone, as its auto-configuration does"));
  }

  @Test
  void publicTypesDoNotDependOnAutoConfiguration() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.swim.spring.autoconfigure..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.swim.spring.autoconfigure..")
            .because(
                "as in Boot 4's own modules, autoconfigure packages hold only auto-configurations,"
                    + " conditions and property binding; the public types (events, customizers,"
                    + " endpoint responses, discovery) live in dev.swim.spring packages and never"
                    + " need them"));
  }

  @Test
  void autoconfigurePackagesHoldOnlyConfigurationAndBinding() {
    check(
        classes()
            .that()
            .resideInAPackage("dev.swim.spring.autoconfigure..")
            .and()
            .arePublic()
            .should()
            .haveSimpleNameEndingWith("AutoConfiguration")
            .orShould()
            .haveSimpleNameEndingWith("Properties")
            .because("everything else a user touches lives in dev.swim.spring packages"));
  }

  @Test
  void noPackageCycles() {
    check(
        slices()
            .matching("dev.swim.spring.(**)")
            .should()
            .beFreeOfCycles()
            .because("cycles make layers impossible to reason about or replace"));
  }

  @Test
  void optionalIntegrationsStayInTheirPackages() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages(
                "dev.swim.spring.autoconfigure.discovery..",
                "dev.swim.spring.discovery..",
                "dev.swim.spring.autoconfigure")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.cloud..")
            .because(
                "Spring Cloud is optional: only the discovery package (and the configuration"
                    + " that guards it with @ConditionalOnClass) may touch it"));
    check(
        noClasses()
            .that()
            .resideOutsideOfPackages(
                "dev.swim.spring.autoconfigure.metrics..",
                "dev.swim.spring.metrics..",
                "dev.swim.spring.autoconfigure.observation..",
                "dev.swim.spring.observation..",
                "dev.swim.spring.autoconfigure")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.micrometer..")
            .because(
                "Micrometer is optional: only the metrics and observation packages (and the"
                    + " configurations that guard them with @ConditionalOnClass) may touch it"));
  }
}
