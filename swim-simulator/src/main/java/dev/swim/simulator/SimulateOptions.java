package dev.swim.simulator;

import dev.swim.core.settings.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code simulate} command's arguments; unknown or malformed ones are errors naming the flag.
 */
public final class SimulateOptions {
  int nodes = 1000;
  double loss;
  int crash;
  long seed = 1;
  long durationMs = 300_000;
  Profile profile = Profile.LAN;
  int slow;
  long partitionAt = -1;
  long healAt = -1;
  boolean startJoin;
  boolean tcpFallback;
  int adversaries;
  AdversarialRun.Kind adversaryKind = AdversarialRun.Kind.INSIDER;

  /**
   * Threads that process a busy virtual millisecond; the output does not depend on it. One by
   * default: more helped a lossy 1,000-member run but slowed a 10,000-member one.
   */
  int threads = 1;

  boolean profileGiven;
  boolean lossGiven;

  /** The timeline to run: the default one, or {@code long-run} (see {@link LongRun}). */
  String scenario = "default";

  final List<String> configFiles = new ArrayList<>();
  final List<String> overrides = new ArrayList<>();

  static SimulateOptions parse(String[] args) {
    SimulateOptions o = new SimulateOptions();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--tcp-fallback")) {
        o.tcpFallback = true; // the runtime's default: a TCP ping in parallel with ping-reqs
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String v = args[++i];
      try {
        switch (flag) {
          case "--nodes" -> o.nodes = positive(flag, Integer.parseInt(v));
          case "--loss" -> {
            o.loss = fraction(flag, Double.parseDouble(v));
            o.lossGiven = true;
          }
          case "--scenario" -> {
            if (!v.equals("default") && !v.equals("long-run")) {
              throw new IllegalArgumentException(
                  "--scenario must be default or long-run, was " + v);
            }
            o.scenario = v;
          }
          case "--crash" -> o.crash = Integer.parseInt(v);
          case "--seed" -> o.seed = Long.parseLong(v);
          case "--threads" -> o.threads = positive(flag, Integer.parseInt(v));
          case "--duration" -> o.durationMs = duration(v);
          case "--profile" -> {
            o.profile = Profile.valueOf(v.toUpperCase(Locale.ROOT));
            o.profileGiven = true;
          }
          case "--config" -> o.configFiles.add(v);
          case "--set" -> o.overrides.add(v);
          case "--slow" -> o.slow = Integer.parseInt(v);
          case "--partition-at" -> o.partitionAt = duration(v);
          case "--heal-at" -> o.healAt = duration(v);
          case "--adversaries" -> o.adversaries = notNegative(flag, Integer.parseInt(v));
          case "--adversary-kind" -> o.adversaryKind = adversaryKind(v);
          case "--start" -> {
            if (!v.equals("converged") && !v.equals("join")) {
              throw new IllegalArgumentException("--start must be converged or join, was " + v);
            }
            o.startJoin = v.equals("join");
          }
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad value for " + flag + ": " + v, e);
      }
    }
    if (o.profileGiven && (!o.configFiles.isEmpty() || !o.overrides.isEmpty())) {
      o.overrides.add(0, "swim.profile=" + o.profile.value());
    }
    if (o.nodes < 4) {
      throw new IllegalArgumentException("--nodes must be at least 4");
    }
    if (o.scenario.equals("long-run")) {
      for (String fixed : List.of("--duration", "--crash", "--partition-at", "--adversaries")) {
        if (List.of(args).contains(fixed)) {
          throw new IllegalArgumentException(
              fixed + " does not apply to --scenario long-run, whose timeline is fixed (6 h)");
        }
      }
    }
    return o;
  }

  private static AdversarialRun.Kind adversaryKind(String v) {
    return switch (v) {
      case "insider" -> AdversarialRun.Kind.INSIDER;
      case "outsider" -> AdversarialRun.Kind.OUTSIDER;
      case "none" -> AdversarialRun.Kind.NONE;
      default ->
          throw new IllegalArgumentException(
              "--adversary-kind must be insider, outsider or none, was " + v);
    };
  }

  private static int notNegative(String flag, int v) {
    if (v < 0) {
      throw new IllegalArgumentException(flag + " must not be negative");
    }
    return v;
  }

  private static int positive(String flag, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(flag + " must be positive");
    }
    return v;
  }

  private static double fraction(String flag, double v) {
    if (v < 0 || v >= 1) {
      throw new IllegalArgumentException(flag + " must be in [0, 1)");
    }
    return v;
  }

  /** Parses {@code 300s}, {@code 5m}, {@code 2h}, {@code 1500ms} or plain seconds. */
  public static long duration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("h")) {
      return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 3_600_000);
    }
    if (s.endsWith("ms")) {
      return Long.parseLong(s.substring(0, s.length() - 2));
    }
    if (s.endsWith("s")) {
      return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
    }
    if (s.endsWith("m")) {
      return (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000);
    }
    return (long) (Double.parseDouble(s) * 1000);
  }
}
