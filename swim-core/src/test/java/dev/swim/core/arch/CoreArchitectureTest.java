package dev.swim.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering swim-core promises, checked on its compiled classes. Each rule's {@code because}
 * says why it exists; a violation fails the build with that reason.
 */
class CoreArchitectureTest {
  private static final String PURE =
      "the protocol layer is sans-I/O: deterministic simulation"
          + " and seeded tests depend on it being handed time, randomness and bytes";
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.swim.core");
  }

  private static void check(ArchRule rule) {
    rule.check(core);
  }

  @Test
  void protocolLayerDoesNoIo() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.swim.core.protocol..", "dev.swim.core.wire..", "dev.swim.core.member..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.net..", "java.nio.channels..", "java.io..")
            .because(PURE));
  }

  @Test
  void protocolLayerStartsNoThreads() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.swim.core.protocol..", "dev.swim.core.wire..", "dev.swim.core.member..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.util.concurrent..")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Thread.class)
            .because(PURE));
  }

  @Test
  void protocolLayerReadsNoClock() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.swim.core.protocol..", "dev.swim.core.wire..", "dev.swim.core.member..")
            .should()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.time.Clock")
            .orShould()
            .callMethod(java.time.Instant.class, "now")
            .because(PURE));
  }

  @Test
  void protocolLayerUsesNoGlobalRandomness() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.swim.core.protocol..", "dev.swim.core.wire..", "dev.swim.core.member..")
            .should()
            .callConstructor(java.util.Random.class)
            .orShould()
            .callConstructor(java.util.Random.class, long.class)
            .orShould()
            .callMethod(Math.class, "random")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("java.security.SecureRandom")
            .because(PURE + "; the only randomness is the RandomGenerator the driver passes in"));
  }

  @Test
  void coreDependsOnNoSpringType() {
    check(
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..")
            .because("swim-core is plain Java 17 with slf4j-api only, usable without Spring"));
  }

  @Test
  void layersOnlyDependDownward() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage("dev.swim.core.member..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.swim.core.wire..",
                "dev.swim.core.protocol..",
                "dev.swim.core.transport..",
                "dev.swim.core.crypto..",
                "dev.swim.core.runtime..")
            .because("member holds the value types every layer shares; it depends on none"));
    check(
        noClasses()
            .that()
            .resideInAnyPackage("dev.swim.core.wire..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.swim.core.protocol..",
                "dev.swim.core.transport..",
                "dev.swim.core.crypto..",
                "dev.swim.core.runtime..")
            .because("the codec knows messages, not the protocol or the network"));
    check(
        noClasses()
            .that()
            .resideInAnyPackage("dev.swim.core.protocol..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.swim.core.transport..", "dev.swim.core.crypto..", "dev.swim.core.runtime..")
            .because(
                "protocol logic lives only in the protocol layer, below runtime and transports"));
    check(
        noClasses()
            .that()
            .resideInAnyPackage("dev.swim.core.transport..", "dev.swim.core.crypto..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.swim.core.protocol..", "dev.swim.core.runtime..")
            .because("transports carry opaque bytes and never interpret the protocol"));
  }

  @Test
  void noPackageCycles() {
    check(
        slices()
            .matching("dev.swim.core.(*)..")
            .should()
            .beFreeOfCycles()
            .because("cycles make layers impossible to reason about or replace"));
  }

  @Test
  void onlyTheSimulatorUsesTheSimulationSeam() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dev.swim.core.protocol")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.swim.core.protocol.SimulationSeam")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("dev.swim.core.protocol.SimulationSeam$Interner")
            .because(
                "sharing member records across nodes is a simulator's memory trick; a real member"
                    + " builds its node with SwimNode's public constructor"));
  }

  @Test
  void settingsDependOnNothingElseOfTheProject() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dev.swim.core.settings..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.swim.core.protocol..",
                "dev.swim.core.runtime..",
                "dev.swim.core.transport..",
                "dev.swim.core.crypto..",
                "dev.swim.core.wire..",
                "dev.swim.core.member..")
            .because("every layer reads the one declaration of each setting"));
  }
}
