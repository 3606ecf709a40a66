package dev.swim.spring.autoconfigure.dashboard;

import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.dashboard.SwimDashboardFeed;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/** The dashboard in a real reactive application (Netty, WebFlux functional endpoints). */
class SwimDashboardWebFluxHttpTests extends DashboardHttpContract {

  @Override
  WebApplicationType type() {
    return WebApplicationType.REACTIVE;
  }

  @Override
  Class<?> application() {
    return ReactiveApp.class;
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class ReactiveApp {
    @Bean
    SwimDashboardFeed swimDashboardFeed(Gossiper gossiper) {
      return smallFeed(gossiper);
    }

    /**
     * Netty resources of this application only: the JVM-wide ones are disposed, a quiet period
     * later, when any other reactive test application of this JVM closes, and would take this
     * server's event loops with them.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
      ReactorResourceFactory f = new ReactorResourceFactory();
      f.setUseGlobalResources(false);
      return f;
    }
  }
}
