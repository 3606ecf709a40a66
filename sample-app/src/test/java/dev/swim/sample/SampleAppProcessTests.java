package dev.swim.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample service as its own JVM process, as users run it: a key on the real command line and in
 * the JVM option variables never shows in /actuator/env, /actuator/configprops or /actuator/swim,
 * even with show-values=always (not under its own name, and not inside values that repeat the
 * command line or the JVM options); and a bad setting ends the process with a non-zero exit status
 * and a message naming the property.
 */
class SampleAppProcessTests {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

  @TempDir Path dir;

  @Test
  void aKeyOnTheCommandLineAndInJvmOptionsNeverShows() throws Exception {
    String key = Http.newKey();
    Path log = dir.resolve("masked.log");
    Process p =
        launch(
            log,
            Map.of(
                "JAVA_TOOL_OPTIONS", "-Dsample.tool-echo=" + key,
                "JDK_JAVA_OPTIONS", "-Dsample.launcher-echo=" + key,
                "SWIM_ENCRYPTION_KEYS", key),
            "--swim.encryption.keys=" + key,
            "--management.endpoints.web.exposure.include=env,configprops,swim,health",
            "--management.endpoint.env.show-values=always",
            "--management.endpoint.configprops.show-values=always");
    try {
      int port = awaitPort(p, log);
      HttpResponse<String> env = Http.get(port, "/actuator/env");
      assertThat(env.statusCode()).isEqualTo(200);
      assertThat(env.body()).doesNotContain(key).contains("\"server.port\"");
      assertThat(Http.envValue(port, "swim.encryption.keys")).isEqualTo("******");
      assertThat(Http.envValue(port, "sun.java.command")).isEqualTo("******");
      assertThat(Http.envValue(port, "JAVA_TOOL_OPTIONS")).isEqualTo("******");
      assertThat(Http.envValue(port, "JDK_JAVA_OPTIONS")).isEqualTo("******");
      assertThat(Http.envValue(port, "SWIM_ENCRYPTION_KEYS")).isEqualTo("******");
      assertThat(Http.envValue(port, "sample.tool-echo")).isEqualTo("******");
      assertThat(Http.envValue(port, "sample.launcher-echo")).isEqualTo("******");
      assertThat(Http.envValue(port, "swim.node-name")).isEqualTo("process-1");

      HttpResponse<String> props = Http.get(port, "/actuator/configprops");
      assertThat(props.statusCode()).isEqualTo(200);
      assertThat(props.body()).doesNotContain(key);
      HttpResponse<String> swim = Http.get(port, "/actuator/swim");
      assertThat(swim.body()).doesNotContain(key);
      assertThat((Boolean) JsonPath.read(swim.body(), "$.settings.encryption")).isTrue();
      assertThat((Integer) JsonPath.read(swim.body(), "$.settings.keyCount")).isEqualTo(1);
    } finally {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    }
  }

  @Test
  void aBadSettingEndsTheProcessWithANonZeroStatusNamingTheProperty() throws Exception {
    Path log = dir.resolve("bad.log");
    Process p = launch(log, Map.of(), "--swim.encryption.keys=not base64!");
    assertThat(p.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("exits by itself").isTrue();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit status; output:%n%s", out).isNotZero();
    assertThat(out).contains("APPLICATION FAILED TO START").contains("swim.encryption.keys");
  }

  private static Process launch(Path log, Map<String, String> env, String... extra)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx160m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cmd.add("-cp");
    cmd.add(testClassPath());
    cmd.add(SampleApplication.class.getName());
    cmd.addAll(
        List.of(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--swim.node-name=process-1",
            "--swim.bind-address=127.0.0.1",
            "--swim.bind-port=0",
            "--swim.leave-timeout=1s",
            "--spring.main.banner-mode=off"));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SWIM_") || k.endsWith("JAVA_OPTIONS"));
    pb.environment().putAll(env);
    return pb.start();
  }

  /** The classpath this test runs with (Surefire's, not its manifest-only booter jar). */
  private static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  private static int awaitPort(Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Matcher m = PORT.matcher(out);
      if (m.find() && out.contains("Started SampleApplication")) {
        return Integer.parseInt(m.group(1));
      }
      assertThat(p.isAlive()).as("the process is running; output:%n%s", out).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("not started within " + START + "; output:\n" + Files.readString(log));
  }
}
