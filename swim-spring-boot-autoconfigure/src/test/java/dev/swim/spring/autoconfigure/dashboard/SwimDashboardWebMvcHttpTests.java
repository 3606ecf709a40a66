package dev.swim.spring.autoconfigure.dashboard;

import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.dashboard.SwimDashboardFeed;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dashboard in a real servlet application (Tomcat, Spring MVC functional endpoints). */
class SwimDashboardWebMvcHttpTests extends DashboardHttpContract {

  @Override
  WebApplicationType type() {
    return WebApplicationType.SERVLET;
  }

  @Override
  Class<?> application() {
    return ServletApp.class;
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class ServletApp {
    @Bean
    SwimDashboardFeed swimDashboardFeed(Gossiper gossiper) {
      return smallFeed(gossiper);
    }
  }
}
