package dev.swim.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code cluster-worker}: runs nodes {@code from..to-1} of a cluster scenario in this process for a
 * coordinating {@code cluster} process ({@link SpreadHarness}), which sends one command per line on
 * standard input and reads one answer line per command on standard output. The encryption key comes
 * in the environment variable {@value #KEY_ENV} (hex), never on the command line; with {@code
 * --encrypt} it must be set.
 *
 * <p>Commands: {@code start I} (starts node I, joining through node 0), {@code alive N} ({@code 1}
 * when every node here sees all N alive, else {@code 0}), {@code considers T} (the nodes here that
 * consider node T failed, comma-separated), {@code failed} (names some node here holds DEAD),
 * {@code crash I}, {@code restart I}, {@code status I S} (sets node I's {@code status} metadata
 * entry to S), {@code sees I S} ({@code 1} when every other node here sees node I's status S),
 * {@code figures} (see {@link ProcessFigures#toLine()}), {@code held} (memory held above this
 * process's baseline), {@code totals} (see {@link SteadyCounters#toLine()}), {@code quit}.
 *
 * <p>A command that fails answers {@code error <message>} (its stack trace goes to standard error,
 * the worker's log) and the worker goes on; a failure outside a command (the input unreadable, an
 * {@link Error}) ends the worker with status 1.
 */
final class ClusterWorkerCommand {
  /** The environment variable that carries the cluster's key, in hex. */
  static final String KEY_ENV = "SWIM_BENCH_KEY";

  static final String START = "start";
  static final String ALIVE = "alive";
  static final String CONSIDERS = "considers";
  static final String FAILED = "failed";
  static final String CRASH = "crash";
  static final String RESTART = "restart";
  static final String STATUS = "status";
  static final String SEES = "sees";
  static final String FIGURES = "figures";
  static final String HELD = "held";
  static final String TOTALS = "totals";
  static final String QUIT = "quit";

  /** The answer of a command that did what it was told and has nothing to report. */
  static final String OK = "ok";

  /** How a failed command's answer begins, followed by a space and the failure. */
  static final String ERROR = "error";

  private ClusterWorkerCommand() {}

  /** Entry point for {@code cluster-worker --nodes N --from A --to B --base-port P [--encrypt]}. */
  static void run(String[] args) throws Exception {
    int n = 0;
    int from = 0;
    int to = 0;
    int basePort = 0;
    boolean encrypt = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--nodes" -> n = Integer.parseInt(args[++i]);
        case "--from" -> from = Integer.parseInt(args[++i]);
        case "--to" -> to = Integer.parseInt(args[++i]);
        case "--base-port" -> basePort = Integer.parseInt(args[++i]);
        case "--encrypt" -> encrypt = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (from < 1 || to <= from || to > n) {
      throw new IllegalArgumentException(
          "need 1 <= --from < --to <= --nodes, was " + from + ".." + to + " of " + n);
    }
    String hex = System.getenv(KEY_ENV);
    if (encrypt && (hex == null || hex.isBlank())) {
      throw new IllegalArgumentException(
          "--encrypt needs the cluster's key (hex) in the environment variable " + KEY_ENV);
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    byte[] key = hex == null ? SwimHarness.randomKey() : HexFormat.of().parseHex(hex.trim());
    long baseline = ProcessProbe.heldBytes();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    SwimHarness h = new SwimHarness(n, basePort, encrypt, null, key);
    Set<Integer> here = new TreeSet<>();
    for (int i = from; i < to; i++) {
      here.add(i);
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int status = 0;
    try {
      String line;
      while ((line = in.readLine()) != null) {
        String[] c = line.trim().split(" ");
        if (c[0].equals(QUIT)) {
          break;
        }
        String answer;
        try {
          answer = answer(c, h, from, to, n, here, baseline);
        } catch (Exception e) {
          System.err.println("[cluster-worker] command failed: " + line);
          e.printStackTrace(System.err);
          answer = error(e);
        }
        out.println(answer);
      }
    } catch (Throwable t) { // the input is gone or the JVM is failing: nothing to answer
      System.err.println("[cluster-worker] fatal: " + t);
      t.printStackTrace(System.err);
      status = 1;
    } finally {
      try {
        h.close();
      } catch (RuntimeException e) {
        e.printStackTrace(System.err);
      }
      System.err.flush();
      System.exit(status);
    }
  }

  /** The answer to one command (not {@code quit}); throws when it fails. */
  private static String answer(
      String[] c, SwimHarness h, int from, int to, int n, Set<Integer> here, long baseline)
      throws Exception {
    return switch (c[0]) {
      case START -> {
        h.start(index(c, from, to));
        yield OK;
      }
      case ALIVE -> h.allSeeAllAlive(Integer.parseInt(argument(c, 1))) ? "1" : "0";
      case CONSIDERS ->
          h.consideringFailed(Integer.parseInt(argument(c, 1)), here).stream()
              .map(String::valueOf)
              .collect(Collectors.joining(","));
      case FAILED -> {
        Set<String> failed = new TreeSet<>();
        h.collectFailed(failed, Set.of());
        yield String.join(",", failed);
      }
      case CRASH -> {
        h.crash(index(c, from, to));
        yield OK;
      }
      case RESTART -> {
        h.restart(index(c, from, to));
        yield OK;
      }
      case STATUS -> {
        h.setStatus(index(c, from, to), argument(c, 2));
        yield OK;
      }
      case SEES -> h.allSeeStatus(node(c, n), argument(c, 2)) ? "1" : "0";
      case FIGURES -> ProcessFigures.ofThisProcess().toLine();
      case HELD -> Long.toString(ProcessProbe.heldBytes() - baseline);
      case TOTALS -> h.totals().toLine();
      default -> throw new IllegalArgumentException("unknown command " + c[0]);
    };
  }

  /** The one-line answer of a failed command. */
  static String error(Throwable e) {
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    return ERROR + " " + message.replaceAll("[\\r\\n]+", " ");
  }

  private static String argument(String[] command, int i) {
    if (i >= command.length) {
      throw new IllegalArgumentException(command[0] + " needs " + i + " argument(s)");
    }
    return command[i];
  }

  private static int node(String[] command, int n) {
    int i = Integer.parseInt(argument(command, 1));
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException("no node " + i + " in a cluster of " + n);
    }
    return i;
  }

  private static int index(String[] command, int from, int to) {
    int i = Integer.parseInt(argument(command, 1));
    if (i < from || i >= to) {
      throw new IllegalArgumentException("node " + i + " does not run in this worker");
    }
    return i;
  }
}
