package dev.swim.sample.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The sample is what users copy: it must use only what a service has, the starter's beans and
 * swim-core's public API, never the engine's internals.
 */
class SampleArchitectureTest {
  private static final JavaClasses SAMPLE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.swim.sample");

  @Test
  void usesOnlyThePublicApi() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.swim.core.protocol..",
            "dev.swim.core.wire..",
            "dev.swim.core.transport..",
            "dev.swim.core.crypto..")
        .because(
            "autoconfigure is the only module that touches both Spring and swim-core's engine;"
                + " an application uses the Gossiper, members and the starter's beans")
        .check(SAMPLE);
  }
}
