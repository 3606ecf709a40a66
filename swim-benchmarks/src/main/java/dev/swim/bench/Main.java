package dev.swim.bench;

import dev.swim.bench.charts.Charts;
import dev.swim.simulator.BoundsCommand;
import dev.swim.simulator.SimulateCommand;
import java.util.Arrays;

/**
 * Command-line entry point of the benchmarks jar: {@code simulate}, {@code cluster}, {@code
 * hostile}, {@code jmh} and {@code charts}.
 */
public final class Main {
  private Main() {}

  /** Dispatches to a command; a usage error exits with status 2 and a message naming the input. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "simulate" -> {
          int status = SimulateCommand.run(rest);
          if (status != 0) {
            System.exit(status);
          }
        }
        case "bounds" -> BoundsCommand.run(rest);
        case "cluster" -> ClusterCommand.run(rest);
        case "cluster-worker" -> ClusterWorkerCommand.run(rest);
        case "hostile" -> HostileCommand.run(rest);
        case "jmh" -> org.openjdk.jmh.Main.main(rest);
        case "charts" -> {
          int status = Charts.run(rest);
          if (status != 0) {
            System.exit(status);
          }
        }
        default -> usage();
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void usage() {
    System.err.println(
        "usage: java -jar swim-benchmarks.jar simulate --nodes N [--loss P] [--crash K] [--seed S]"
            + " [--duration 300s] [--profile lan|wan|local] [--slow K] [--partition-at 60s"
            + " --heal-at 120s] [--start converged|join] [--tcp-fallback]"
            + " [--adversaries K --adversary-kind insider|outsider|none]\n"
            + "       java -jar swim-benchmarks.jar cluster --impl swim|scalecube --nodes N"
            + " [--encrypt] [--base-port 20000] [--settle 30s] [--measure 60s] [--phase-timeout"
            + " 120s] [--crash 1] [--members-per-jvm 250] [--soak 1800s --churn 10s] [--force]\n"
            + "       java -jar swim-benchmarks.jar hostile --target HOST:PORT [--label L]"
            + " [--idle-connections 100] [--rate 100] [--duration 60s] [--victims name1,name2]"
            + " [--bind ADDRESS[,ADDRESS...]] [--spoof ADDRESS] [--key-env VARIABLE]\n"
            + "       java -jar swim-benchmarks.jar jmh [JMH options, e.g. -f 1 -wi 2 -i 3 -r 1 -w 1"
            + " Codec]\n"
            + "       java -jar swim-benchmarks.jar charts [--results docs/results] [--images"
            + " docs/images] [--check]");
    System.exit(2);
  }
}
