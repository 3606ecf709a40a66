package dev.swim.test.junit;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link SwimClusterTest}: resolves {@link SwimCluster}, {@link
 * VirtualSwimCluster} and {@link RealSwimCluster} parameters of test, {@code @BeforeEach} and
 * {@code @AfterEach} methods with one cluster per test, started on first use as the nearest {@link
 * SwimClusterTest} (on the method, else on the class or an enclosing class) describes, and closed
 * after the test. Register it with {@code @SwimClusterTest}, or with {@code @ExtendWith} to take
 * the defaults.
 */
public final class SwimClusterExtension implements ParameterResolver, AfterEachCallback {

  /** The most members a test cluster may have. */
  public static final int MAX_MEMBERS = 64;

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SwimClusterExtension.class);
  private static final String KEY = "cluster";

  /** Creates the extension (JUnit does, from {@code @ExtendWith}). */
  public SwimClusterExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == SwimCluster.class
        || type == VirtualSwimCluster.class
        || type == RealSwimCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (!(parameter.getDeclaringExecutable() instanceof Method)
        || context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          "A SwimCluster lives for one test: take it as a parameter of a @Test, @BeforeEach or"
              + " @AfterEach method, not of "
              + parameter.getDeclaringExecutable());
    }
    SwimClusterTest settings = settings(context);
    SwimCluster cluster =
        context.getStore(NAMESPACE).computeIfAbsent(KEY, k -> start(settings), SwimCluster.class);
    Class<?> type = parameter.getParameter().getType();
    if (!type.isInstance(cluster)) {
      throw new ParameterResolutionException(
          "@SwimClusterTest(time = "
              + cluster.time()
              + ") gives a "
              + cluster.getClass().getSimpleName()
              + ", not a "
              + type.getSimpleName()
              + "; take a SwimCluster or change time");
    }
    return cluster;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    SwimCluster cluster = context.getStore(NAMESPACE).remove(KEY, SwimCluster.class);
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Starts the cluster {@code settings} describes. */
  static SwimCluster start(SwimClusterTest settings) {
    return settings.time() == SwimTime.VIRTUAL
        ? VirtualSwimCluster.start(settings.members(), settings.profile(), settings.seed())
        : RealSwimCluster.start(settings.members(), settings.profile());
  }

  /** The nearest {@link SwimClusterTest}: the method's, the class's, an enclosing class's. */
  static SwimClusterTest settings(ExtensionContext context) {
    Optional<SwimClusterTest> found =
        AnnotationSupport.findAnnotation(context.getTestMethod(), SwimClusterTest.class);
    for (Class<?> c = context.getTestClass().orElse(null);
        found.isEmpty() && c != null;
        c = c.getEnclosingClass()) {
      found = AnnotationSupport.findAnnotation(c, SwimClusterTest.class);
    }
    return found.orElseGet(SwimClusterExtension::defaults);
  }

  private static SwimClusterTest defaults() {
    return Objects.requireNonNull(Defaults.class.getAnnotation(SwimClusterTest.class));
  }

  /** Checks a cluster size. */
  static void requireMembers(int members) {
    if (members < 1 || members > MAX_MEMBERS) {
      throw new IllegalArgumentException(
          "a test cluster has 1 to " + MAX_MEMBERS + " members, not " + members);
    }
  }

  /** Carries the default attributes, for a test that registers the extension by hand. */
  @SwimClusterTest
  private static final class Defaults {}

  @Override
  public String toString() {
    return "SwimClusterExtension";
  }
}
