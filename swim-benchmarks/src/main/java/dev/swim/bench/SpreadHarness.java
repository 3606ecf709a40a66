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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
  private SteadyCounters steadyStart;
  private SteadyCounters steadyEnd;

  /** How long a worker may take to answer one command before the run gives up on it. */
  static final long ANSWER_TIMEOUT_MS = 60_000;

  /** One worker JVM and its command channel. */
  static final class Worker {
    /** What the reader thread queues when the worker's output ends: no line can be it. */
    private static final String END = "\n";

    final int from;
    final int to;
    final Process process;
    final PrintStream in;
    private final long timeoutMs;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private boolean broken;

    /**
     * Reads {@code process}'s answers on a thread of its own; {@link #ask} waits {@code timeoutMs}.
     */
    Worker(int from, int to, Process process, long timeoutMs) {
      this.from = from;
      this.to = to;
      this.process = process;
      this.timeoutMs = timeoutMs;
      this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader = new Thread(this::read, "cluster-worker-" + from + "-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Queues every line the worker prints, then {@link #END}. */
    private void read() {
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          answers.add(line);
        }
      } catch (IOException e) {
        // the worker's output is gone: ask reports it with the worker's state
      } finally {
        answers.add(END);
      }
    }

    /**
     * Sends one command and returns its answer; throws when the worker answers {@code error ...},
     * has ended, or gives no answer within the timeout (after which this worker is not asked again:
     * a late answer would be taken for the next command's).
     */
    synchronized String ask(String command) {
      if (broken) {
        throw new IllegalStateException(this + " stopped answering earlier; not asked " + command);
      }
      in.println(command);
      String answer;
      try {
        answer = answers.poll(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        broken = true;
        throw new IllegalStateException("interrupted waiting for " + this, e);
      }
      if (answer == null || answer.equals(END)) {
        broken = true;
        if (answer != null || !process.isAlive()) {
          throw new IllegalStateException(this + " ended" + exit() + " (see its log)");
        }
        throw new IllegalStateException(
            this + " gave no answer to '" + command + "' within " + timeoutMs + " ms");
      }
      if (answer.startsWith(ClusterWorkerCommand.ERROR)) {
        throw new IllegalStateException(this + " failed '" + command + "': " + answer);
      }
      return answer;
    }

    private String exit() {
      try {
        return process.waitFor(1, TimeUnit.SECONDS) ? " with status " + process.exitValue() : "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "";
      }
    }

    @Override
    public String toString() {
      return "the worker for nodes " + from + ".." + (to - 1);
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
      pb.environment().put(ClusterWorkerCommand.KEY_ENV, HexFormat.of().formatHex(key));
      pb.redirectError(logDir.resolve("worker-" + from + ".log").toFile());
      workers.add(new Worker(from, to, pb.start(), ANSWER_TIMEOUT_MS));
    }
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
    check(workerOf(index).ask(ClusterWorkerCommand.START + " " + index));
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
    if (!local.allSeeAllAlive(n)) {
      return false;
    }
    for (Worker w : workers) {
      if (!yes(w.ask(ClusterWorkerCommand.ALIVE + " " + n))) {
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
    Set<Integer> out = new HashSet<>(local.consideringFailed(target, observers));
    for (Worker w : workers) {
      String answer = w.ask(ClusterWorkerCommand.CONSIDERS + " " + target);
      if (!answer.isEmpty()) {
        for (String s : answer.split(",")) {
          int i = Math.toIntExact(number(w, answer, s));
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
      String answer = w.ask(ClusterWorkerCommand.FAILED);
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
      check(workerOf(index).ask(ClusterWorkerCommand.CRASH + " " + index));
    }
  }

  @Override
  public void restart(int index) throws Exception {
    if (index < localCount) {
      local.restart(index);
    } else {
      check(workerOf(index).ask(ClusterWorkerCommand.RESTART + " " + index));
    }
  }

  @Override
  public boolean setStatus(int index, String status) {
    if (index < localCount) {
      return local.setStatus(index, status);
    }
    check(workerOf(index).ask(ClusterWorkerCommand.STATUS + " " + index + " " + status));
    return true;
  }

  @Override
  public boolean allSeeStatus(int index, String status) {
    if (!local.allSeeStatus(index, status)) {
      return false;
    }
    for (Worker w : workers) {
      if (!yes(w.ask(ClusterWorkerCommand.SEES + " " + index + " " + status))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ProcessFigures figures() {
    ProcessFigures f = ProcessFigures.ofThisProcess();
    for (Worker w : workers) {
      f = f.plus(ProcessFigures.parse(w.ask(ClusterWorkerCommand.FIGURES)));
    }
    return f;
  }

  @Override
  public long heldBytesAboveBaseline(long baselineOfThisProcess) {
    long held = ProcessProbe.heldBytes() - baselineOfThisProcess;
    for (Worker w : workers) {
      String answer = w.ask(ClusterWorkerCommand.HELD);
      held += number(w, answer, answer.trim());
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
    return steadyStart == null || steadyEnd == null ? null : steadyEnd.minus(steadyStart).toJson();
  }

  private SteadyCounters totals() {
    SteadyCounters t = local.totals();
    for (Worker w : workers) {
      t = t.plus(SteadyCounters.parse(w.ask(ClusterWorkerCommand.TOTALS)));
    }
    return t;
  }

  private static void check(String answer) {
    if (!answer.equals(ClusterWorkerCommand.OK)) {
      throw new IllegalStateException("worker answered: " + answer);
    }
  }

  /** A yes/no answer: {@code 1} or {@code 0}, anything else is an error. */
  private static boolean yes(String answer) {
    return switch (answer) {
      case "1" -> true;
      case "0" -> false;
      default -> throw new IllegalStateException("worker answered neither 1 nor 0: " + answer);
    };
  }

  private static long number(Worker w, String answer, String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(w + " answered a malformed number: " + answer, e);
    }
  }

  @Override
  public void close() {
    for (Worker w : workers) {
      try {
        w.in.println(ClusterWorkerCommand.QUIT);
        if (!w.process.waitFor(10, TimeUnit.SECONDS)) {
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
