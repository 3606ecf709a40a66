package dev.swim.bench.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.swim.bench.Main;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness measures swim-core alone: no Spring type, and scalecube only in the harness
 * that drives it, so our figures never include a peer's code by accident. It reaches swim-core
 * through its public API only: no class of this module lives in one of swim-core's packages.
 */
class BenchmarksArchitectureTest {
  private static final JavaClasses BENCH =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.swim.bench");

  @Test
  void noSpring() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..")
        .because("only the Spring modules may touch both Spring and swim-core")
        .check(BENCH);
  }

  @Test
  void scalecubeOnlyInItsHarness() {
    noClasses()
        .that()
        .haveNameNotMatching("dev\\.swim\\.bench\\.Scalecube.*")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.scalecube..")
        .because("the peer is measured through one harness; our code paths must not use it")
        .check(BENCH);
  }

  @Test
  void noSplitPackagesWithSwimCore() throws URISyntaxException {
    // every class this module compiles (JMH's generated ones included), whatever its package
    Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    noClasses()
        .should()
        .resideInAPackage("dev.swim.core..")
        .because(
            "a benchmark in a package of swim-core reaches its package-private code, which"
                + " measures what no user can call and splits the package across two jars")
        .check(new ClassFileImporter().importPath(classes));
  }

  @Test
  void noPackageCycles() {
    slices()
        .matching("dev.swim.bench.(**)")
        .should()
        .beFreeOfCycles()
        .because("cycles make layers impossible to reason about or replace")
        .check(BENCH);
  }
}
