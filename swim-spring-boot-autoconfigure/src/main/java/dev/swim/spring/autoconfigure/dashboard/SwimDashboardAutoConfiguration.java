package dev.swim.spring.autoconfigure.dashboard;

import dev.swim.core.runtime.Gossiper;
import dev.swim.core.settings.StarterSettings;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.spring.dashboard.SwimDashboardAccess;
import dev.swim.spring.dashboard.SwimDashboardFeed;
import dev.swim.spring.dashboard.SwimDashboardSecurityAccess;
import dev.swim.spring.dashboard.SwimDashboardWebFlux;
import dev.swim.spring.dashboard.SwimDashboardWebMvc;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The live membership dashboard ({@code swim.dashboard.*}): off unless {@code
 * swim.dashboard.enabled} is true; then, in a servlet or reactive web application with a {@link
 * Gossiper} bean, the {@link SwimDashboardFeed} and the functional endpoints of {@link
 * SwimDashboardWebMvc} or {@link SwimDashboardWebFlux} at {@code swim.dashboard.path}.
 *
 * <p>With Spring Security on the classpath the dashboard answers authenticated users only ({@link
 * SwimDashboardSecurityAccess}); a {@link SwimDashboardAccess} bean of your own replaces the rule.
 */
@AutoConfiguration(after = SwimAutoConfiguration.class)
@ConditionalOnClass(Gossiper.class)
@ConditionalOnBooleanProperty(name = StarterSettings.ENABLED_PROPERTY, matchIfMissing = true)
@ConditionalOnBooleanProperty(name = SwimDashboardProperties.ENABLED_PROPERTY)
@ConditionalOnWebApplication
@ConditionalOnBean(Gossiper.class)
@EnableConfigurationProperties(SwimDashboardProperties.class)
public final class SwimDashboardAutoConfiguration {

  private static final String ACTUATOR_PATHS =
      "org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints";
  private static final String MANAGEMENT_PORT =
      "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType";

  @Bean
  @ConditionalOnMissingBean
  SwimDashboardFeed swimDashboardFeed(Gossiper gossiper) {
    return new SwimDashboardFeed(gossiper);
  }

  @Bean
  @ConditionalOnMissingBean
  SwimDashboardAccess swimDashboardAccess() {
    return SwimDashboardAccess.everyone();
  }

  /** Any authenticated user, when Spring Security is present (registered before the default). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.security.core.Authentication")
  static class SecurityAccessConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SwimDashboardAccess swimDashboardSecurityAccess() {
      return new SwimDashboardSecurityAccess();
    }
  }

  /** Spring MVC functional endpoints. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
  static class ServletDashboardConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SwimDashboardWebMvc swimDashboardWebMvc(
        SwimDashboardFeed feed,
        SwimDashboardAccess access,
        SwimDashboardProperties properties,
        BeanFactory beanFactory,
        Environment env) {
      return new SwimDashboardWebMvc(
          feed, access, properties.validatedPath(), actuatorPath(beanFactory, env));
    }

    @Bean
    org.springframework.web.servlet.function.RouterFunction<
            org.springframework.web.servlet.function.ServerResponse>
        swimDashboardWebMvcRoutes(SwimDashboardWebMvc dashboard) {
      return dashboard.routes();
    }
  }

  /** WebFlux functional endpoints. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.web.reactive.function.server.RouterFunction")
  static class ReactiveDashboardConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SwimDashboardWebFlux swimDashboardWebFlux(
        SwimDashboardFeed feed,
        SwimDashboardAccess access,
        SwimDashboardProperties properties,
        BeanFactory beanFactory,
        Environment env) {
      return new SwimDashboardWebFlux(
          feed, access, properties.validatedPath(), actuatorPath(beanFactory, env));
    }

    @Bean
    org.springframework.web.reactive.function.server.RouterFunction<
            org.springframework.web.reactive.function.server.ServerResponse>
        swimDashboardWebFluxRoutes(SwimDashboardWebFlux dashboard) {
      return dashboard.routes();
    }
  }

  /**
   * Where {@code /actuator/swim} is, worked out on first use: empty without the actuator, when the
   * endpoint is not exposed over HTTP, or when the actuator has a port of its own (another origin,
   * which the page's Content-Security-Policy does not let it reach).
   */
  static Supplier<Optional<String>> actuatorPath(BeanFactory beanFactory, Environment env) {
    ClassLoader cl = SwimDashboardAutoConfiguration.class.getClassLoader();
    if (!ClassUtils.isPresent(ACTUATOR_PATHS, cl) || !ClassUtils.isPresent(MANAGEMENT_PORT, cl)) {
      return Optional::empty;
    }
    return new Supplier<>() {
      private volatile boolean resolved;
      private volatile @Nullable String path;

      @Override
      public Optional<String> get() {
        if (!resolved) {
          path = ActuatorPaths.swim(beanFactory, env);
          resolved = true;
        }
        return Optional.ofNullable(path);
      }
    };
  }

  /** The actuator's types, loaded only when it is on the classpath. */
  private static final class ActuatorPaths {
    static @Nullable String swim(BeanFactory beanFactory, Environment env) {
      if (ManagementPortType.get(env) != ManagementPortType.SAME) {
        return null;
      }
      PathMappedEndpoints endpoints =
          beanFactory.getBeanProvider(PathMappedEndpoints.class).getIfAvailable();
      return endpoints == null ? null : endpoints.getPath(EndpointId.of("swim"));
    }
  }
}
