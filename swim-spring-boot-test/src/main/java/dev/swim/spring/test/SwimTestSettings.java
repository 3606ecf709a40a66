package dev.swim.spring.test;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.settings.Profile;
import dev.swim.core.settings.Setting;
import dev.swim.core.settings.SwimSettings;
import dev.swim.test.transport.InMemoryNetwork;
import dev.swim.test.transport.InMemoryTransport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * What a test context's SWIM member binds and whom it talks to: the safe test values, or the
 * choices of an {@link AutoConfigureSwim}, as one immutable value that can be applied to an
 * application context. Every Spring test context gets one through this module's context customizer;
 * {@link #initializer()} applies it to a context a test starts itself with {@code
 * SpringApplicationBuilder}.
 *
 * <p>Applying it to a context:
 *
 * <ul>
 *   <li>adds a property source named {@value #PROPERTY_SOURCE_NAME} above every other one, holding
 *       {@link #SAFE_PROPERTIES} (unless {@link #useRealSettings()}) and then the {@link
 *       #overrides()}. It is moved back to the top just before the beans are created, in case
 *       something was added above it meanwhile;
 *   <li>without {@link #useRealSettings()}, fails the context with a message naming the property
 *       when the test's own properties ({@code @SpringBootTest}, {@code @TestPropertySource} or
 *       {@code @DynamicPropertySource}) set one of the safe properties to another value than the
 *       test values give it, since it would be ignored (the same value is harmless), and when the
 *       Gossiper's configuration differs from the safe values in its address, port, advertise
 *       address or seeds (a {@code SwimGossiperCustomizer} or a {@code Gossiper} bean of the
 *       application changed them);
 *   <li>with {@link SwimTestTransport#IN_MEMORY}, registers a primary {@link InMemoryTransport}
 *       bean bound at {@code swim.bind-address:swim.bind-port} of the named {@link
 *       InMemoryNetwork}, which the auto-configuration then uses instead of sockets.
 * </ul>
 *
 * <p>Equal settings are equal values, which is what lets the Spring TestContext framework share one
 * cached context between test classes with the same settings and tell the others apart.
 */
public final class SwimTestSettings {

  /** The name of the property source that holds the test values. */
  public static final String PROPERTY_SOURCE_NAME = "swimTestProperties";

  /** The in-memory network used when none is named. */
  public static final String DEFAULT_NETWORK = "default";

  /**
   * The safe values every test context gets unless its test opts out: loopback, a free port, no
   * seeds, no advertise address or port, the {@code local} profile.
   */
  public static final Map<String, String> SAFE_PROPERTIES = safeProperties();

  /** The bean name of the in-memory transport. */
  public static final String TRANSPORT_BEAN_NAME = "swimInMemoryTransport";

  /** The name of the property source of {@code @DynamicPropertySource} values (spring-test). */
  private static final String DYNAMIC_PROPERTIES_SOURCE_NAME = "Dynamic Test Properties";

  private static final SwimTestSettings SAFE =
      new SwimTestSettings(false, Map.of(), SwimTestTransport.SOCKETS, DEFAULT_NETWORK);

  private final boolean useRealSettings;
  private final Map<String, String> overrides;
  private final SwimTestTransport transport;
  private final String network;

  private SwimTestSettings(
      boolean useRealSettings,
      Map<String, String> overrides,
      SwimTestTransport transport,
      String network) {
    this.useRealSettings = useRealSettings;
    this.overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    this.transport = Objects.requireNonNull(transport, "transport");
    if (network.isBlank()) {
      throw new IllegalArgumentException("the in-memory network's name must not be blank");
    }
    // the network matters only in memory: with sockets, two settings differing only there are equal
    this.network = transport == SwimTestTransport.IN_MEMORY ? network : DEFAULT_NETWORK;
  }

  private static Map<String, String> safeProperties() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SwimSettings.BIND_ADDRESS.property(), "127.0.0.1");
    m.put(SwimSettings.BIND_PORT.property(), "0");
    m.put(SwimSettings.SEEDS.property(), "");
    m.put(SwimSettings.ADVERTISE_ADDRESS.property(), "");
    m.put(SwimSettings.ADVERTISE_PORT.property(), "0");
    m.put(SwimSettings.PROFILE.property(), Profile.LOCAL.value());
    return Collections.unmodifiableMap(m);
  }

  /** The safe test values, on real sockets: what a test context gets without the annotation. */
  public static SwimTestSettings safe() {
    return SAFE;
  }

  /** The application's own settings as they are, on real sockets. */
  public static SwimTestSettings realSettings() {
    return new SwimTestSettings(true, Map.of(), SwimTestTransport.SOCKETS, DEFAULT_NETWORK);
  }

  /**
   * The settings an annotation asks for.
   *
   * @throws IllegalArgumentException when one of its properties is not a {@code swim.*} property
   */
  public static SwimTestSettings of(AutoConfigureSwim annotation) {
    return new SwimTestSettings(
        annotation.useRealSettings(),
        parse(annotation.properties()),
        annotation.transport(),
        annotation.network());
  }

  /**
   * These settings with {@code properties} ({@code swim.key=value}) added to the overrides.
   *
   * @throws IllegalArgumentException when one is not a {@code swim.*} property
   */
  public SwimTestSettings withProperties(String... properties) {
    Map<String, String> m = new LinkedHashMap<>(overrides);
    m.putAll(parse(properties));
    return new SwimTestSettings(useRealSettings, m, transport, network);
  }

  /** These settings on the in-memory network called {@code network} instead of sockets. */
  public SwimTestSettings inMemory(String network) {
    return new SwimTestSettings(
        useRealSettings, overrides, SwimTestTransport.IN_MEMORY, Objects.requireNonNull(network));
  }

  private static Map<String, String> parse(String... properties) {
    Map<String, Object> parsed = TestPropertySourceUtils.convertInlinedPropertiesToMap(properties);
    Map<String, String> m = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : parsed.entrySet()) {
      String key = e.getKey().trim();
      if (!key.startsWith("swim.")) {
        throw new IllegalArgumentException(
            "@AutoConfigureSwim(properties) takes swim.* properties only; '"
                + key
                + "' is not one: set it with @SpringBootTest(properties = ...) instead");
      }
      m.put(key, String.valueOf(e.getValue()));
    }
    return m;
  }

  /** Whether the application's own {@code swim.*} settings apply instead of the safe values. */
  public boolean useRealSettings() {
    return useRealSettings;
  }

  /** The {@code swim.*} properties set above the safe values, in order. */
  public Map<String, String> overrides() {
    return overrides;
  }

  /** The member's transport. */
  public SwimTestTransport transport() {
    return transport;
  }

  /** The in-memory network's name (the default one with sockets). */
  public String network() {
    return network;
  }

  /** What the {@value #PROPERTY_SOURCE_NAME} property source holds: safe values, then overrides. */
  public Map<String, Object> properties() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!useRealSettings) {
      m.putAll(SAFE_PROPERTIES);
    }
    m.putAll(overrides);
    return m;
  }

  /** Applies these settings to {@code context} (before it is refreshed). */
  public void applyTo(ConfigurableApplicationContext context) {
    ConfigurableEnvironment environment = context.getEnvironment();
    Map<String, Object> properties = properties();
    if (!properties.isEmpty()) {
      MutablePropertySources sources = environment.getPropertySources();
      MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME, properties);
      if (sources.contains(PROPERTY_SOURCE_NAME)) {
        sources.remove(PROPERTY_SOURCE_NAME);
      }
      sources.addFirst(source);
    }
    context.addBeanFactoryPostProcessor(new Guard(this, environment));
    if (transport == SwimTestTransport.IN_MEMORY) {
      registerInMemoryTransport(context, environment);
    }
  }

  /** An initializer that applies these settings, for {@code SpringApplicationBuilder}. */
  public ApplicationContextInitializer<ConfigurableApplicationContext> initializer() {
    return this::applyTo;
  }

  private void registerInMemoryTransport(
      ConfigurableApplicationContext context, ConfigurableEnvironment environment) {
    BeanDefinitionRegistry registry = registry(context);
    if (registry.containsBeanDefinition(TRANSPORT_BEAN_NAME)) {
      return;
    }
    String networkName = network;
    RootBeanDefinition definition =
        new RootBeanDefinition(
            InMemoryTransport.class,
            () -> {
              Binder binder = Binder.get(environment);
              String host =
                  binder
                      .bind(SwimSettings.BIND_ADDRESS.property(), String.class)
                      .map(String::trim)
                      .orElseGet(() -> SwimSettings.BIND_ADDRESS.defaultFor(Profile.LAN));
              int port =
                  binder
                      .bind(SwimSettings.BIND_PORT.property(), Integer.class)
                      .orElseGet(() -> SwimSettings.BIND_PORT.defaultFor(Profile.LAN));
              return InMemoryNetwork.named(networkName).transport(host, port);
            });
    definition.setPrimary(true);
    definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
    registry.registerBeanDefinition(TRANSPORT_BEAN_NAME, definition);
  }

  private static BeanDefinitionRegistry registry(ConfigurableApplicationContext context) {
    if (context instanceof BeanDefinitionRegistry registry) {
      return registry;
    }
    if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
      return registry;
    }
    throw new IllegalStateException(
        "cannot register the in-memory SWIM transport: "
            + context.getClass().getName()
            + " is not a BeanDefinitionRegistry");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SwimTestSettings other
        && useRealSettings == other.useRealSettings
        && overrides.equals(other.overrides)
        && transport == other.transport
        && network.equals(other.network);
  }

  @Override
  public int hashCode() {
    return Objects.hash(useRealSettings, overrides, transport, network);
  }

  @Override
  public String toString() {
    return "SwimTestSettings[useRealSettings="
        + useRealSettings
        + ", overrides="
        + overrides
        + ", transport="
        + transport
        + (transport == SwimTestTransport.IN_MEMORY ? ", network=" + network : "")
        + "]";
  }

  /**
   * Keeps the test values on top until the beans are created, refuses test properties they would
   * silently override, and checks the Gossiper's configuration once it is built.
   */
  private static final class Guard implements BeanFactoryPostProcessor, PriorityOrdered {
    private final SwimTestSettings settings;
    private final ConfigurableEnvironment environment;

    Guard(SwimTestSettings settings, ConfigurableEnvironment environment) {
      this.settings = settings;
      this.environment = environment;
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
      MutablePropertySources sources = environment.getPropertySources();
      PropertySource<?> own = sources.get(PROPERTY_SOURCE_NAME);
      if (own != null && sources.precedenceOf(own) != 0) {
        sources.remove(PROPERTY_SOURCE_NAME);
        sources.addFirst(own);
      }
      if (settings.useRealSettings) {
        return;
      }
      refuseTestProperties(
          sources.get(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME));
      refuseTestProperties(sources.get(DYNAMIC_PROPERTIES_SOURCE_NAME));
      beanFactory.addBeanPostProcessor(new GossiperCheck(environment));
    }

    private void refuseTestProperties(@Nullable PropertySource<?> source) {
      if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
        return;
      }
      for (String name : enumerable.getPropertyNames()) {
        ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
        for (String safe : SAFE_PROPERTIES.keySet()) {
          ConfigurationPropertyName guarded = ConfigurationPropertyName.of(safe);
          if (guarded.equals(adapted) && sameValue(enumerable.getProperty(name), safe)) {
            continue; // harmless: the value the test values give it anyway
          }
          if (guarded.equals(adapted) || guarded.isAncestorOf(adapted)) {
            throw new IllegalStateException(
                "The test sets "
                    + safe
                    + " ('"
                    + name
                    + "' in "
                    + source.getName()
                    + "), but in a test context SWIM uses the safe test values "
                    + SAFE_PROPERTIES
                    + " above every property source, so it would be ignored. Set it with"
                    + " @AutoConfigureSwim(properties = \""
                    + safe
                    + "=...\") on the test class, or take the settings as they are with"
                    + " @AutoConfigureSwim(useRealSettings = true).");
          }
        }
      }
    }

    /** Whether a test property's {@code value} is the one the test values give {@code key}. */
    private boolean sameValue(@Nullable Object value, String key) {
      Object effective = settings.properties().get(key);
      return value != null
          && effective != null
          && String.valueOf(value).trim().equalsIgnoreCase(String.valueOf(effective).trim());
    }
  }

  /** Refuses a Gossiper whose network settings differ from the test values in effect. */
  private static final class GossiperCheck implements BeanPostProcessor {
    private final ConfigurableEnvironment environment;

    GossiperCheck(ConfigurableEnvironment environment) {
      this.environment = environment;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
      if (bean instanceof Gossiper gossiper) {
        check(gossiper.config(), beanName);
      }
      return bean;
    }

    private void check(GossiperConfig config, String beanName) {
      Binder binder = Binder.get(environment);
      List<String> problems = new ArrayList<>();
      compare(
          problems,
          SwimSettings.BIND_ADDRESS,
          text(binder, SwimSettings.BIND_ADDRESS),
          config.bindAddress());
      compare(
          problems,
          SwimSettings.BIND_PORT,
          number(binder, SwimSettings.BIND_PORT),
          config.bindPort());
      compare(
          problems,
          SwimSettings.ADVERTISE_ADDRESS,
          text(binder, SwimSettings.ADVERTISE_ADDRESS),
          blankToNull(config.advertiseAddress()));
      compare(
          problems,
          SwimSettings.ADVERTISE_PORT,
          number(binder, SwimSettings.ADVERTISE_PORT),
          config.advertisePort());
      compare(problems, SwimSettings.SEEDS, seeds(binder), config.seeds());
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "The SWIM member of this test context would not use the test settings: "
                + String.join("; ", problems)
                + ". A SwimGossiperCustomizer or the Gossiper bean '"
                + beanName
                + "' of the application changed them. Take them as they are with"
                + " @AutoConfigureSwim(useRealSettings = true) on the test class.");
      }
    }

    private static void compare(
        List<String> problems,
        Setting<?> setting,
        @Nullable Object expected,
        @Nullable Object actual) {
      if (!Objects.equals(expected, actual)) {
        problems.add(setting.property() + " is " + expected + " but the Gossiper has " + actual);
      }
    }

    private static @Nullable String text(Binder binder, Setting<String> setting) {
      String v = binder.bind(setting.property(), String.class).map(String::trim).orElse(null);
      return v == null || v.isEmpty() ? blankToNull(setting.defaultFor(Profile.LAN)) : v;
    }

    private static int number(Binder binder, Setting<Integer> setting) {
      return binder
          .bind(setting.property(), Integer.class)
          .orElseGet(() -> setting.defaultFor(Profile.LAN));
    }

    private static List<String> seeds(Binder binder) {
      return binder
          .bind(SwimSettings.SEEDS.property(), Bindable.listOf(String.class))
          .map(l -> l.stream().map(String::trim).filter(s -> !s.isEmpty()).toList())
          .orElse(List.of());
    }

    private static @Nullable String blankToNull(@Nullable String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }
}
