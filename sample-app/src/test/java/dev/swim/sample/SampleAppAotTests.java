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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT smoke test: the sample app, processed ahead of time by the build ({@code process-aot}),
 * starts with {@code -Dspring.aot.enabled=true} in two JVMs and they join. Without the generated
 * initializer such a start fails, so a pass proves the AOT-generated bean definitions were used.
 */
class SampleAppAotTests {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on port (\\d+)");
  private static final Pattern GOSSIP_PORT = Pattern.compile("started on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;

  @Test
  void theAotProcessedAppStartsAndJoins() throws Exception {
    Path log1 = dir.resolve("aot-1.log");
    Process first = launch(log1, "aot-1");
    Process second = null;
    try {
      int http1 = await(first, log1, HTTP_PORT);
      int gossip1 = await(first, log1, GOSSIP_PORT);
      Path log2 = dir.resolve("aot-2.log");
      second = launch(log2, "aot-2", "--swim.seeds=127.0.0.1:" + gossip1);
      int http2 = await(second, log2, HTTP_PORT);
      for (int port : new int[] {http1, http2}) {
        awaitAlive(port, 2);
      }
      assertThat(Files.readString(log1, StandardCharsets.UTF_8))
          .as("the first JVM started from the AOT-generated initializer")
          .contains("Starting AOT-processed SampleApplication");
    } finally {
      for (Process p : new Process[] {second, first}) {
        if (p != null) {
          p.destroy();
          assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
        }
      }
    }
  }

  private static Process launch(Path log, String name, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx160m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cmd.add("-Dspring.aot.enabled=true");
    cmd.add("-cp");
    cmd.add(mainClassPath());
    cmd.add(SampleApplication.class.getName());
    cmd.addAll(
        List.of(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--swim.node-name=" + name,
            "--swim.bind-address=127.0.0.1",
            "--swim.bind-port=0",
            "--swim.profile=local",
            "--swim.leave-timeout=1s",
            "--spring.main.banner-mode=off"));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SWIM_") || k.endsWith("JAVA_OPTIONS"));
    return pb.start();
  }

  /**
   * Surefire's classpath without the test classes and the test-only jars' effect: the app's own
   * classes (with the AOT-generated ones) first.
   */
  private static String mainClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    List<String> parts = new ArrayList<>();
    for (String part : cp.split(java.io.File.pathSeparator)) {
      if (!part.endsWith("test-classes")) {
        parts.add(part);
      }
    }
    return String.join(java.io.File.pathSeparator, parts);
  }

  private static int await(Process p, Path log, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Matcher m = pattern.matcher(out);
      if (m.find() && out.contains("Started SampleApplication")) {
        return Integer.parseInt(m.group(1));
      }
      assertThat(p.isAlive()).as("the process is running; output:%n%s", out).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("not started within " + START + "; output:\n" + Files.readString(log));
  }

  private static void awaitAlive(int httpPort, int members) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = Http.get(httpPort, "/actuator/swim");
      body = r.body();
      if (r.statusCode() == 200) {
        Integer alive = JsonPath.read(body, "$.counts.alive");
        if (alive == members) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(members + " ALIVE members not seen on " + httpPort + ": " + body);
  }
}
