package dev.swim.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.swim.core.runtime.Gossiper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The context customizer: registered for every test context, the same for every test class without
 * {@link AutoConfigureSwim} (so they share a cached context) and different for each distinct
 * annotation (so they do not); test properties it would override are refused with a message saying
 * what to do instead. The cache behaviour is checked on real test classes run through the JUnit
 * Platform.
 */
class SwimTestContextCustomizerTests {

  private final SwimTestContextCustomizerFactory factory = new SwimTestContextCustomizerFactory();

  private ContextCustomizer customizer(Class<?> testClass) {
    return factory.createContextCustomizer(testClass, List.of());
  }

  @Test
  void theFactoryIsRegisteredForEveryTestContext() {
    assertThat(SpringFactoriesLoader.loadFactories(ContextCustomizerFactory.class, null))
        .anyMatch(SwimTestContextCustomizerFactory.class::isInstance);
  }

  @Test
  void testClassesWithoutTheAnnotationGetEqualCustomizersWithTheSafeValues() {
    ContextCustomizer a = customizer(PlainA.class);
    ContextCustomizer b = customizer(PlainB.class);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(((SwimTestContextCustomizer) a).settings()).isEqualTo(SwimTestSettings.safe());
  }

  @Test
  void eachDistinctAnnotationGetsItsOwnCustomizer() {
    ContextCustomizer plain = customizer(PlainA.class);
    ContextCustomizer real = customizer(Real.class);
    ContextCustomizer inMemoryA = customizer(InMemoryA.class);
    ContextCustomizer inMemoryAToo = customizer(InMemoryAToo.class);
    ContextCustomizer inMemoryB = customizer(InMemoryB.class);
    assertThat(real).isNotEqualTo(plain);
    assertThat(inMemoryA).isNotEqualTo(plain).isNotEqualTo(inMemoryB).isEqualTo(inMemoryAToo);
    assertThat(inMemoryA.hashCode()).isEqualTo(inMemoryAToo.hashCode());
    assertThat(customizer(SocketsNamingANetwork.class))
        .as("the network's name means nothing with sockets")
        .isEqualTo(plain);
    assertThat(customizer(Overrides.class)).isNotEqualTo(plain);
    assertThat(customizer(Inherits.class)).isEqualTo(real);
    assertThat(customizer(Outer.Inner.class)).as("a @Nested class").isEqualTo(real);
  }

  @Test
  void anAnnotationWithANonSwimPropertyIsRefused() {
    assertThatThrownBy(() -> customizer(NotSwim.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(NotSwim.class.getName())
        .hasMessageContaining("takes swim.* properties only; 'server.port' is not one");
  }

  @Test
  void testClassesWithEqualSettingsShareOneCachedContextAndOthersDoNot() {
    CONTEXTS.clear();
    TestExecutionSummary summary = run(CachedA.class, CachedB.class, CachedReal.class);
    assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
    assertThat(CONTEXTS).containsOnlyKeys("a", "b", "real");
    assertThat(CONTEXTS.get("a")).isSameAs(CONTEXTS.get("b"));
    assertThat(CONTEXTS.get("real")).isNotSameAs(CONTEXTS.get("a"));
  }

  @Test
  void aTestPropertyTheSafeValuesWouldOverrideIsRefused() {
    TestExecutionSummary summary = run(SetsSeedsItself.class);
    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(rootMessage(summary.getFailures().get(0).getException()))
        .contains("The test sets swim.seeds ('swim.seeds' in Inlined Test Properties)")
        .contains("@AutoConfigureSwim(properties = \"swim.seeds=...\")")
        .contains("@AutoConfigureSwim(useRealSettings = true)");
  }

  @Test
  void aTestPropertyWithTheValueTheTestValuesGiveItIsHarmless() {
    TestExecutionSummary summary = run(SetsTheSafeValuesItself.class);
    assertThat(summary.getTotalFailureCount()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
  }

  @Test
  void aDynamicTestPropertyIsRefusedUnderItsRelaxedName() {
    TestExecutionSummary summary = run(SetsPortDynamically.class);
    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(rootMessage(summary.getFailures().get(0).getException()))
        .contains("The test sets swim.bind-port ('swim.bindPort' in Dynamic Test Properties)");
  }

  @Test
  void withRealSettingsTheTestsOwnPropertiesApply() {
    TestExecutionSummary summary = run(RealWithOwnProperties.class);
    assertThat(summary.getTotalFailureCount()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
  }

  private static TestExecutionSummary run(Class<?>... classes) {
    LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request();
    for (Class<?> c : classes) {
      builder.selectors(selectClass(c));
    }
    LauncherDiscoveryRequest request = builder.build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  private static String rootMessage(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append('\n');
    }
    return all.toString();
  }

  static final Map<String, ApplicationContext> CONTEXTS = new ConcurrentHashMap<>();

  // ---- test classes, never run by the build directly
  // ---------------------------------------------

  static class PlainA {}

  static class PlainB {}

  @AutoConfigureSwim(useRealSettings = true)
  static class Real {}

  static class Inherits extends Real {}

  @AutoConfigureSwim(useRealSettings = true)
  static class Outer {
    @Nested
    class Inner {}
  }

  @AutoConfigureSwim(transport = SwimTestTransport.IN_MEMORY, network = "a")
  static class InMemoryA {}

  @AutoConfigureSwim(transport = SwimTestTransport.IN_MEMORY, network = "a")
  static class InMemoryAToo {}

  @AutoConfigureSwim(transport = SwimTestTransport.IN_MEMORY, network = "b")
  static class InMemoryB {}

  @AutoConfigureSwim(network = "ignored")
  static class SocketsNamingANetwork {}

  @AutoConfigureSwim(properties = "swim.seeds=127.0.0.1:7000")
  static class Overrides {}

  @AutoConfigureSwim(properties = "server.port=0")
  static class NotSwim {}

  @SpringBootTest
  static class CachedA {
    @Autowired ApplicationContext context;

    @Test
    void record() {
      CONTEXTS.put("a", context);
    }
  }

  @SpringBootTest
  static class CachedB {
    @Autowired ApplicationContext context;

    @Test
    void record() {
      CONTEXTS.put("b", context);
    }
  }

  @SpringBootTest
  @AutoConfigureSwim(
      useRealSettings = true,
      properties = {"swim.bind-address=127.0.0.1", "swim.bind-port=0", "swim.seeds="})
  static class CachedReal {
    @Autowired ApplicationContext context;

    @Test
    void record() {
      CONTEXTS.put("real", context);
    }
  }

  @SpringBootTest(properties = "swim.seeds=127.0.0.1:7000")
  static class SetsSeedsItself {
    @Autowired Gossiper gossiper;

    @Test
    void neverRuns() {
      assertThat(gossiper).isNotNull();
    }
  }

  @SpringBootTest(
      properties = {
        "swim.bind-address=127.0.0.1",
        "swim.bind-port=0",
        "swim.seeds=",
        "swim.profile=LOCAL"
      })
  static class SetsTheSafeValuesItself {
    @Autowired Gossiper gossiper;

    @Test
    void runs() {
      assertThat(gossiper.boundAddress().host()).isEqualTo("127.0.0.1");
    }
  }

  @SpringBootTest
  static class SetsPortDynamically {
    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
      registry.add("swim.bindPort", () -> 7000);
    }

    @Autowired Gossiper gossiper;

    @Test
    void neverRuns() {
      assertThat(gossiper).isNotNull();
    }
  }

  @SpringBootTest(
      properties = {
        "swim.bind-address=127.0.0.1",
        "swim.bind-port=0",
        "swim.seeds=",
        "swim.profile=local"
      })
  @AutoConfigureSwim(useRealSettings = true)
  static class RealWithOwnProperties {
    @Autowired Gossiper gossiper;

    @Test
    void theTestsPropertiesApply() {
      assertThat(gossiper.localAddress().host()).isEqualTo("192.0.2.10");
      assertThat(gossiper.boundAddress().host()).isEqualTo("127.0.0.1");
    }
  }
}
