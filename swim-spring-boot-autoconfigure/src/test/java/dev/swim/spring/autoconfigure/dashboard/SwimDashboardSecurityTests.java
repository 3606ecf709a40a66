package dev.swim.spring.autoconfigure.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.spring.autoconfigure.SwimTestSupport;
import dev.swim.spring.dashboard.SwimDashboardAccess;
import dev.swim.spring.dashboard.SwimDashboardSecurityAccess;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * With Spring Security on the classpath the dashboard is at least as protected as the actuator:
 * under Boot's default security the page, its configuration and its stream answer 401 without
 * credentials and 200 with them, like {@code /actuator/swim}, in a servlet and in a reactive
 * application; and where the application's own rules let everyone through, the dashboard still
 * refuses a request without a user.
 *
 * <p>Tagged {@code spring-security}: the build runs it in a Surefire execution of its own, the only
 * one whose classpath holds Spring Security (it would lock every other web test out).
 */
@Tag("spring-security")
class SwimDashboardSecurityTests {

  private static final String USER = "ops";
  private static final String PASSWORD = "dashboard-test-password";

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

  @AfterEach
  void closeAll() {
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  private int start(WebApplicationType type, Class<?> application) {
    List<String> props = new ArrayList<>(List.of(SwimTestSupport.LOOPBACK));
    props.addAll(
        List.of(
            "swim.node-name=secured",
            "swim.dashboard.enabled=true",
            "server.port=0",
            "server.address=127.0.0.1",
            "management.endpoints.web.exposure.include=swim,health",
            "spring.security.user.name=" + USER,
            "spring.security.user.password=" + PASSWORD,
            "spring.main.banner-mode=off"));
    ConfigurableApplicationContext c =
        new SpringApplicationBuilder(application)
            .web(type)
            .properties(props.toArray(String[]::new))
            .run();
    contexts.add(c);
    assertThat(c.getBean(SwimDashboardAccess.class))
        .isInstanceOf(SwimDashboardSecurityAccess.class);
    return DashboardHttpContract.port(c);
  }

  @Test
  void servletDefaultSecurityGuardsTheDashboardLikeTheActuator() throws Exception {
    assertGuarded(start(WebApplicationType.SERVLET, ServletApp.class));
  }

  @Test
  void reactiveDefaultSecurityGuardsTheDashboardLikeTheActuator() throws Exception {
    assertGuarded(start(WebApplicationType.REACTIVE, ReactiveApp.class));
  }

  @Test
  void anApplicationThatPermitsEverythingStillKeepsAnonymousUsersOut() throws Exception {
    int port = start(WebApplicationType.SERVLET, PermitAllServletApp.class);
    // the application's own rules let an anonymous request through to other paths ...
    assertThat(DashboardClient.get(port, "/actuator/health").statusCode()).isEqualTo(200);
    // ... but not to the dashboard
    for (String path : List.of("/swim/", "/swim/config", "/swim/events", "/swim/dashboard.js")) {
      HttpResponse<String> anonymous = DashboardClient.get(port, path);
      assertThat(anonymous.statusCode()).as("anonymous GET " + path).isEqualTo(401);
      assertThat(anonymous.body()).doesNotContain("swim-dashboard").doesNotContain("secured");
    }
    String auth = DashboardClient.basic(USER, PASSWORD);
    assertThat(DashboardClient.get(port, "/swim/", "Authorization", auth).statusCode())
        .isEqualTo(200);
    try (DashboardClient.EventStream stream =
        new DashboardClient.EventStream(port, "/swim/events", "Authorization", auth)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.next("snapshot").data()).contains("\"secured\"");
    }
  }

  private static void assertGuarded(int port) throws Exception {
    String auth = DashboardClient.basic(USER, PASSWORD);
    String wrong = DashboardClient.basic(USER, "not-the-password");
    for (String path : List.of("/swim/", "/swim/config", "/swim/dashboard.js", "/actuator/swim")) {
      HttpResponse<String> anonymous = DashboardClient.get(port, path, "Accept", "*/*");
      assertThat(anonymous.statusCode()).as("GET " + path + " without credentials").isEqualTo(401);
      assertThat(anonymous.body()).doesNotContain("secured");
      assertThat(DashboardClient.get(port, path, "Authorization", wrong).statusCode())
          .as("GET " + path + " with a wrong password")
          .isEqualTo(401);
      HttpResponse<String> allowed = DashboardClient.get(port, path, "Authorization", auth);
      assertThat(allowed.statusCode()).as("GET " + path + " with credentials").isEqualTo(200);
    }
    try (DashboardClient.EventStream anonymous =
        new DashboardClient.EventStream(port, "/swim/events", "Accept", "*/*")) {
      assertThat(anonymous.status()).as("the stream without credentials").isEqualTo(401);
    }
    // what a browser's EventSource asks for: Boot's servlet default sends it to the login form
    try (DashboardClient.EventStream browser =
        new DashboardClient.EventStream(port, "/swim/events", "Accept", "text/event-stream")) {
      if (browser.status() == 302) {
        assertThat(browser.headers().firstValue("Location").orElseThrow()).endsWith("/login");
      } else {
        assertThat(browser.status()).as("the stream without credentials").isEqualTo(401);
      }
    }
    try (DashboardClient.EventStream stream =
        new DashboardClient.EventStream(
            port, "/swim/events", "Accept", "text/event-stream", "Authorization", auth)) {
      assertThat(stream.status()).as("the stream with credentials").isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/event-stream");
      assertThat(stream.next("snapshot").data()).contains("\"secured\"");
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class ServletApp {}

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class ReactiveApp {}

  /** An application whose own rules permit every request (and accept HTTP basic). */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class PermitAllServletApp {
    @Bean
    SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
          .httpBasic(Customizer.withDefaults())
          .build();
    }
  }
}
