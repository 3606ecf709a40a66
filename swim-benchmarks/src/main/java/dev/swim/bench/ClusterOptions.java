package dev.swim.bench;

import dev.swim.simulator.SimulateOptions;

/**
 * The {@code cluster} command's arguments; unknown or malformed ones are errors naming the flag.
 * Durations take a unit ({@code 30s}, {@code 500ms}, {@code 2m}) or are seconds.
 */
final class ClusterOptions {
  String impl = "swim";
  int nodes = 16;
  int basePort = 20_000;
  boolean encrypt;
  boolean force;
  long settleMs = 30_000;
  long windowMs = 60_000;
  long phaseTimeoutMs = 120_000;
  int membersPerJvm = 250;
  long soakMs;
  long churnMs = 10_000;

  /** Members crashed together in the crash phase: the last ones (N-1, N-2, ...). */
  int crashes = 1;

  static ClusterOptions parse(String[] args) {
    ClusterOptions o = new ClusterOptions();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--encrypt")) {
        o.encrypt = true;
        continue;
      }
      if (flag.equals("--force")) {
        o.force = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String v = args[++i];
      try {
        switch (flag) {
          case "--impl" -> o.impl = impl(v);
          case "--nodes" -> o.nodes = Integer.parseInt(v);
          case "--base-port" -> o.basePort = Integer.parseInt(v);
          case "--settle" -> o.settleMs = SimulateOptions.duration(v);
          case "--measure", "--window" -> o.windowMs = SimulateOptions.duration(v);
          case "--members-per-jvm" -> o.membersPerJvm = Integer.parseInt(v);
          case "--soak" -> o.soakMs = SimulateOptions.duration(v);
          case "--churn" -> o.churnMs = SimulateOptions.duration(v);
          case "--phase-timeout" -> o.phaseTimeoutMs = SimulateOptions.duration(v);
          case "--crash" -> o.crashes = Integer.parseInt(v);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad value for " + flag + ": " + v, e);
      }
    }
    if (o.nodes < 2) {
      throw new IllegalArgumentException("--nodes must be at least 2, was " + o.nodes);
    }
    if (o.basePort < 1024 || o.basePort + o.nodes - 1 > 65_535) {
      throw new IllegalArgumentException(
          "--base-port must leave room for " + o.nodes + " ports in 1024..65535");
    }
    if (o.windowMs <= 0 || o.settleMs < 0 || o.phaseTimeoutMs <= 0) {
      throw new IllegalArgumentException(
          "--measure and --phase-timeout must be positive, --settle at least 0");
    }
    if (o.membersPerJvm < 2) {
      throw new IllegalArgumentException(
          "--members-per-jvm must be at least 2, was " + o.membersPerJvm);
    }
    if (o.crashes < 1 || o.crashes > o.nodes - 2) {
      throw new IllegalArgumentException(
          "--crash must be between 1 and --nodes - 2 (node 0 and one observer stay), was "
              + o.crashes);
    }
    if (o.soakMs < 0 || o.churnMs <= 0) {
      throw new IllegalArgumentException("--soak must be at least 0 and --churn positive");
    }
    if (o.soakMs > 0 && !o.impl.equals("swim")) {
      throw new IllegalArgumentException("--soak applies to --impl swim only");
    }
    if (o.encrypt && !o.impl.equals("swim")) {
      throw new IllegalArgumentException("--encrypt applies to --impl swim only");
    }
    return o;
  }

  private static String impl(String v) {
    if (!v.equals("swim") && !v.equals("scalecube")) {
      throw new IllegalArgumentException("--impl must be swim or scalecube, was " + v);
    }
    return v;
  }
}
