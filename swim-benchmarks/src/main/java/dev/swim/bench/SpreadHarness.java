package dev.swim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Our Gossiper with more members than one JVM should hold: nodes {@code 0..perJvm-1} run in this
 * process, every further block of {@code perJvm} in a worker JVM ({@link ClusterWorkerCommand})
 * started with the same Java and options. Each member keeps its own Gossiper and sockets on its own
 * loopback address (port {@code basePort + index}); the figures are the sums over all processes.
 */
final class SpreadHarness implements ClusterHarness {
  private final SwimHarness local;
  private final int localCount;
  private final List<Worker> workers = new ArrayList<>();
  private final int perJvm;
  private long[] steadyStart;
  private long[] steadyEnd;

  /** One worker JVM and its command channel. */
  private static final class Worker {
    final int from;
    final int to;
    final Process process;
    final PrintStream in;
    final BufferedReader out;

    Worker(int from, int to, Process process) {
      this.from = from;
      this.to = to;
      this.process = process;
      this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    synchronized String ask(String command) {
      in.println(command);
      try {
        String answer = out.readLine();
        if (answer == null) {
          throw new IllegalStateException(
              "worker for nodes " + from + ".." + (to - 1) + " ended (see its log)");
        }
        return answer;
      } catch (IOException e) {
        throw new IllegalStateException("worker for nodes " + from + ".." + (to - 1), e);
      }
    }
  }

  SpreadHarness(int n, int perJvm, int basePort, boolean encrypt, String version, Path logDir)
      throws IOException {
    byte[] key = SwimHarness.randomKey();
    this.perJvm = perJvm;
    this.local = new SwimHarness(n, basePort, encrypt, version, key);
    this.localCount = Math.min(n, perJvm);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = Path.of(jarPath()).toString();
    for (int from = localCount; from < n; from += perJvm) {
      int to = Math.min(n, from + perJvm);
      List<String> cmd = new ArrayList<>();
      cmd.add(java);
      cmd.addAll(jvmOptions());
      cmd.addAll(
          List.of(
              "-jar",
              jar,
              "cluster-worker",
              "--nodes",
              Integer.toString(n),
              "--from",
              Integer.toString(from),
              "--to",
              Integer.toString(to),
              "--base-port",
              Integer.toString(basePort)));
      if (encrypt) {
        cmd.add("--encrypt");
      }
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().put("SWIM_BENCH_KEY", HexFormat.of().formatHex(key));
      pb.redirectError(logDir.resolve("worker-" + from + ".log").toFile());
      workers.add(new Worker(from, to, pb.start()));
    }
  }

  /** Workers are needed when the cluster is larger than one JVM's share. */
  static boolean needed(int n, int perJvm) {
    return n > perJvm;
  }

  private static String jarPath() {
    try {
      return Path.of(
              SpreadHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate the benchmarks jar", e);
    }
  }

  /** The heap and GC options of this JVM, for the workers (not agents or debug flags). */
  private static List<String> jvmOptions() {
    List<String> out = new ArrayList<>();
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xm") || a.startsWith("-XX:+Use") || a.startsWith("-Xss")) {
        out.add(a);
      }
    }
    return out;
  }

  private Worker workerOf(int index) {
    for (Worker w : workers) {
      if (index >= w.from && index < w.to) {
        return w;
      }
    }
    throw new IllegalArgumentException("no worker runs node " + index);
  }

  /** How many JVMs run the nodes. */
  int jvms() {
    return 1 + workers.size();
  }

  @Override
  public String impl() {
    return local.impl();
  }

  @Override
  public String version() {
    return local.version();
  }

  @Override
  public String configJson() {
    return local.configJson();
  }

  @Override
  public void start(int index) throws Exception {
    if (index < localCount) {
      local.start(index);
      return;
    }
    check(workerOf(index).ask("start " + index));
  }

  @Override
  public boolean seesAllAlive(int observer, int n) {
    if (observer < localCount) {
      return local.seesAllAlive(observer, n);
    }
    throw new UnsupportedOperationException("ask allSeeAllAlive for remote nodes");
  }

  @Override
  public boolean allSeeAllAlive(int n) {
    for (int i = 0; i < localCount; i++) {
      if (!local.seesAllAlive(i, n)) {
        return false;
      }
    }
    for (Worker w : workers) {
      if (!w.ask("alive " + n).equals("1")) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean considersFailed(int observer, int target) {
    return consideringFailed(target, Set.of(observer)).contains(observer);
  }

  @Override
  public Set<Integer> consideringFailed(int target, Set<Integer> observers) {
    Set<Integer> out = new HashSet<>();
    for (int i : observers) {
      if (i < localCount && local.considersFailed(i, target)) {
        out.add(i);
      }
    }
    for (Worker w : workers) {
      String answer = w.ask("considers " + target);
      if (!answer.isEmpty()) {
        for (String s : answer.split(",")) {
          int i = Integer.parseInt(s);
          if (observers.contains(i)) {
            out.add(i);
          }
        }
      }
    }
    return out;
  }

  @Override
  public void collectFailed(Set<String> into, Set<Integer> crashed) {
    local.collectFailed(into, crashed);
    for (Worker w : workers) {
      String answer = w.ask("failed");
      if (!answer.isEmpty()) {
        into.addAll(List.of(answer.split(",")));
      }
    }
  }

  @Override
  public void crash(int index) {
    if (index < localCount) {
      local.crash(index);
    } else {
      check(workerOf(index).ask("crash " + index));
    }
  }

  @Override
  public void restart(int index) throws Exception {
    if (index < localCount) {
      local.restart(index);
    } else {
      check(workerOf(index).ask("restart " + index));
    }
  }

  @Override
  public boolean setStatus(int index, String status) {
    if (index < localCount) {
      return local.setStatus(index, status);
    }
    check(workerOf(index).ask("status " + index + " " + status));
    return true;
  }

  @Override
  public boolean allSeeStatus(int index, String status, int n) {
    if (!local.allSeeStatus(index, status, n)) {
      return false;
    }
    for (Worker w : workers) {
      if (!w.ask("sees " + index + " " + status).equals("1")) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ProcessFigures figures() {
    ProcessFigures f = ProcessFigures.ofThisProcess();
    for (Worker w : workers) {
      f = f.plus(ProcessFigures.parse(w.ask("figures")));
    }
    return f;
  }

  @Override
  public long heldBytesAboveBaseline(long baselineOfThisProcess) {
    long held = ProcessProbe.heldBytes() - baselineOfThisProcess;
    for (Worker w : workers) {
      held += Long.parseLong(w.ask("held").trim());
    }
    return held;
  }

  @Override
  public void beginSteady() {
    steadyStart = totals();
  }

  @Override
  public void endSteady() {
    steadyEnd = totals();
  }

  @Override
  public String extrasJson() {
    return SwimHarness.extras(steadyStart, steadyEnd);
  }

  private long[] totals() {
    long[] t = local.totals();
    for (Worker w : workers) {
      String[] f = w.ask("totals").trim().split(" ");
      for (int i = 0; i < t.length && i < f.length; i++) {
        t[i] += Long.parseLong(f[i]);
      }
    }
    return t;
  }

  private static void check(String answer) {
    if (!answer.equals("ok")) {
      throw new IllegalStateException("worker answered: " + answer);
    }
  }

  @Override
  public void close() {
    for (Worker w : workers) {
      try {
        w.in.println("quit");
        if (!w.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          w.process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        w.process.destroyForcibly();
      }
    }
    local.close();
  }

  @Override
  public String toString() {
    return "SpreadHarness[" + jvms() + " JVMs of up to " + perJvm + " members]";
  }
}
