package dev.swim.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An encryption key passed on the command line never shows in /actuator/env, /actuator/configprops
 * or /actuator/swim, even with show-values=always: not under its own name, and not inside other
 * values that repeat the command line (sun.java.command) or JVM options.
 */
class SampleAppKeyMaskingTests {

  private static final String KEY = Http.newKey();
  private static String originalCommand;
  private static ConfigurableApplicationContext context;
  private static int port;

  @BeforeAll
  static void start() {
    // what the JVM would show had the key been on the java command line
    originalCommand = System.getProperty("sun.java.command");
    System.setProperty(
        "sun.java.command", "sample-app.jar --swim.encryption.keys=" + KEY + " --server.port=0");
    context =
        new SpringApplicationBuilder(SampleApplication.class)
            .run(
                "--server.port=0",
                "--swim.node-name=masked",
                "--swim.bind-address=127.0.0.1",
                "--swim.bind-port=0",
                "--swim.leave-timeout=1s",
                "--swim.encryption.keys=" + KEY,
                "--jvm.tool-options=-Xmx64m -Dswim.encryption.keys=" + KEY,
                "--management.endpoints.web.exposure.include=env,configprops,swim",
                "--management.endpoint.env.show-values=always",
                "--management.endpoint.configprops.show-values=always");
    port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
    if (originalCommand != null) {
      System.setProperty("sun.java.command", originalCommand);
    }
  }

  @Test
  void envNeverShowsTheKey() throws Exception {
    HttpResponse<String> env = Http.get(port, "/actuator/env");
    assertThat(env.statusCode()).isEqualTo(200);
    assertThat(env.body()).doesNotContain(KEY).contains("\"server.port\"");
    assertThat(Http.envValue(port, "swim.encryption.keys")).isEqualTo("******");
    assertThat(Http.envValue(port, "sun.java.command")).isEqualTo("******");
    assertThat(Http.envValue(port, "jvm.tool-options")).isEqualTo("******");
    // values are shown otherwise
    assertThat(Http.envValue(port, "swim.node-name")).isEqualTo("masked");
  }

  @Test
  void configpropsNeverShowsTheKey() throws Exception {
    HttpResponse<String> props = Http.get(port, "/actuator/configprops");
    assertThat(props.statusCode()).isEqualTo(200);
    assertThat(props.body()).doesNotContain(KEY).contains("\"swim\"").contains("******");
  }

  @Test
  void swimEndpointShowsOnlyThatEncryptionIsOn() throws Exception {
    HttpResponse<String> swim = Http.get(port, "/actuator/swim");
    assertThat(swim.body()).doesNotContain(KEY);
    assertThat((Boolean) JsonPath.read(swim.body(), "$.settings.encryption")).isTrue();
    assertThat((Integer) JsonPath.read(swim.body(), "$.settings.keyCount")).isEqualTo(1);
  }
}
