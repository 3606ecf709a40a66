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

/**
 * One sample service in its own JVM, on loopback with random HTTP and gossip ports, for the
 * multi-JVM discovery tests. Launched as {@link SampleAppProcessTests} launches it (the same
 * command, copied rather than shared so that each test class stays on its own).
 */
final class SampleJvm {

  /** How long a JVM may take to start on a busy machine. */
  static final Duration START = Duration.ofMinutes(2);

  private static final Pattern HTTP_PORT = Pattern.compile("Tomcat started on port (\\d+)");

  final String name;
  final Path log;
  private final Process process;
  private int httpPort;
  private int gossipPort;

  private SampleJvm(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts a sample JVM; {@link #awaitStarted()} waits until it serves HTTP.
   *
   * @param dir where its output goes ({@code <name>.log})
   * @param name its node name
   * @param seed host:port of a member to join, or null to start a cluster
   * @param extra further command-line arguments
   */
  static SampleJvm launch(Path dir, String name, String seed, String... extra) throws IOException {
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
            "--swim.node-name=" + name,
            "--swim.bind-address=127.0.0.1",
            "--swim.bind-port=0",
            "--swim.leave-timeout=1s",
            "--spring.main.banner-mode=off"));
    if (seed != null) {
      cmd.add("--swim.seeds=" + seed);
    }
    cmd.addAll(List.of(extra));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SWIM_") || k.endsWith("JAVA_OPTIONS"));
    return new SampleJvm(name, log, pb.start());
  }

  /** Waits until the JVM serves HTTP and its node has started; returns this. */
  SampleJvm awaitStarted() throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Matcher m = HTTP_PORT.matcher(out);
      if (m.find() && out.contains("Started SampleApplication")) {
        httpPort = Integer.parseInt(m.group(1));
        String address =
            JsonPath.read(Http.get(httpPort, "/actuator/swim").body(), "$.local.address");
        gossipPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        return this;
      }
      assertThat(process.isAlive()).as("%s is running; output:%n%s", name, out).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError(name + " not started within " + START + "; output:\n" + output());
  }

  int httpPort() {
    return httpPort;
  }

  /** host:port of its gossip endpoint, to seed others with. */
  String seed() {
    return "127.0.0.1:" + gossipPort;
  }

  /** GETs {@code path} from this JVM. */
  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return Http.get(httpPort, path);
  }

  /** POSTs a JSON {@code body} to {@code path} on this JVM. */
  HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
    return Http.post(httpPort, path, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  /** Kills the JVM at once (SIGKILL): no leave, a crash as the cluster sees it. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s killed", name).isTrue();
  }

  /** Everything the JVM printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Stops the JVM with SIGTERM (a graceful shutdown) unless it has already ended. */
  void stop() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** A condition that may call HTTP. */
  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  /** Waits (polling every 10 ms) until {@code condition} holds, for at most {@code bound}. */
  static void await(Duration bound, String what, Check condition) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + bound + " waiting until " + what);
      }
      Thread.sleep(10);
    }
  }

  /** The classpath this test runs with (Surefire's, not its manifest-only booter jar). */
  private static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }
}
