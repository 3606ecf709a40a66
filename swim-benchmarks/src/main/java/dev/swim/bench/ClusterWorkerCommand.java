package dev.swim.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code cluster-worker}: runs nodes {@code from..to-1} of a cluster scenario in this process for a
 * coordinating {@code cluster} process ({@link SpreadHarness}), which sends one command per line on
 * standard input and reads one answer line per command on standard output. The encryption key, if
 * any, comes in the environment variable {@code SWIM_BENCH_KEY} (hex), never on the command line.
 *
 * <p>Commands: {@code start I} (starts node I, joining through node 0), {@code alive N} ({@code 1}
 * when every node here sees all N alive), {@code considers T} (the nodes here that consider node T
 * failed), {@code failed} (names some node here holds DEAD), {@code crash I}, {@code restart I},
 * {@code figures} (see {@link ProcessFigures#toLine()}), {@code held} (memory held above this
 * process's baseline), {@code totals} (the counters of {@link SwimHarness#totals()}), {@code quit}.
 */
final class ClusterWorkerCommand {
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
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    String hex = System.getenv("SWIM_BENCH_KEY");
    byte[] key = hex == null ? SwimHarness.randomKey() : HexFormat.of().parseHex(hex);
    long baseline = ProcessProbe.heldBytes();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    SwimHarness h = new SwimHarness(n, basePort, encrypt, null, key);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = in.readLine()) != null) {
        String[] c = line.trim().split(" ");
        switch (c[0]) {
          case "start" -> {
            h.start(index(c, from, to));
            out.println("ok");
          }
          case "alive" -> {
            int total = Integer.parseInt(c[1]);
            boolean all = true;
            for (int i = from; i < to && all; i++) {
              all = h.seesAllAlive(i, total);
            }
            out.println(all ? "1" : "0");
          }
          case "considers" -> {
            int target = Integer.parseInt(c[1]);
            StringBuilder b = new StringBuilder();
            for (int i = from; i < to; i++) {
              if (i != target && h.isRunning(i) && h.considersFailed(i, target)) {
                b.append(b.length() == 0 ? "" : ",").append(i);
              }
            }
            out.println(b);
          }
          case "failed" -> {
            Set<String> failed = new TreeSet<>();
            h.collectFailed(failed, Set.of());
            out.println(String.join(",", failed));
          }
          case "crash" -> {
            h.crash(index(c, from, to));
            out.println("ok");
          }
          case "restart" -> {
            h.restart(index(c, from, to));
            out.println("ok");
          }
          case "status" -> {
            h.setStatus(index(c, from, to), c[2]);
            out.println("ok");
          }
          case "sees" -> out.println(h.allSeeStatus(Integer.parseInt(c[1]), c[2], n) ? "1" : "0");
          case "figures" -> out.println(ProcessFigures.ofThisProcess().toLine());
          case "held" -> out.println(ProcessProbe.heldBytes() - baseline);
          case "totals" -> {
            out.println(join(h.totals()));
          }
          case "quit" -> {
            return;
          }
          default -> out.println("error unknown command " + c[0]);
        }
      }
    } finally {
      h.close();
      System.exit(0);
    }
  }

  private static int index(String[] command, int from, int to) {
    int i = Integer.parseInt(command[1]);
    if (i < from || i >= to) {
      throw new IllegalArgumentException("node " + i + " does not run in this worker");
    }
    return i;
  }

  private static String join(long[] values) {
    StringBuilder b = new StringBuilder();
    for (long v : values) {
      b.append(b.length() == 0 ? "" : " ").append(v);
    }
    return b.toString();
  }
}
