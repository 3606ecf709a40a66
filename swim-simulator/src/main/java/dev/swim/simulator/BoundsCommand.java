package dev.swim.simulator;

import dev.swim.core.protocol.Formulas;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.GossiperConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bounds}: the protocol's formula bounds for one configuration and cluster size, as one JSON
 * object, so that scripts (the fault suite) take their bounds from {@link Formulas} instead of
 * writing the formulas again. Options: {@code --nodes N}, {@code --config FILE}, {@code --set
 * swim.key=value}, {@code --profile lan|wan|local}.
 */
public final class BoundsCommand {
  private BoundsCommand() {}

  /** Prints the bounds; returns the exit status. */
  public static int run(String[] args) {
    int n = 5;
    MemberSettings settings = MemberSettings.fromEnvironment();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + flag);
      }
      String v = args[++i];
      switch (flag) {
        case "--nodes" -> n = Integer.parseInt(v);
        case "--set" -> settings.set(v);
        case "--profile" -> settings.set("swim.profile=" + v);
        case "--config" -> {
          try {
            settings.read(Path.of(v));
          } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + v + ": " + e.getMessage(), e);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    if (n < 1) {
      throw new IllegalArgumentException("--nodes must be at least 1, was " + n);
    }
    System.out.println(json(settings.config(), n));
    return 0;
  }

  /** The bounds of {@code member} at {@code n} members. */
  static String json(GossiperConfig member, int n) {
    SwimConfig c = member.protocol();
    long probeMs = c.probeInterval().toMillis();
    long gossipMs = c.gossipInterval().toMillis();
    long min = Formulas.suspicionMinMillis(c.suspicionMult(), n, probeMs);
    long max = Formulas.suspicionMaxMillis(min, c.suspicionMaxTimeoutMult());
    int k = Formulas.confirmationsWanted(c.suspicionMult(), n);
    double rounds = Formulas.logisticRounds(n, c.gossipNodes(), 0.0, 0.999);
    List<String> timeouts = new ArrayList<>();
    for (int conf = 0; conf <= Math.max(1, k); conf++) {
      timeouts.add(String.valueOf(Formulas.suspicionTimeoutMillis(min, max, k, conf) / 1000.0));
    }
    return new Json()
        .put("nodes", n)
        .put("profile", c.profile().value())
        .put("probe_s", probeMs / 1000.0)
        .put("gossip_s", gossipMs / 1000.0)
        .put("heal_interval_s", c.healInterval().toMillis() / 1000.0)
        .put("join_retry_s", member.joinBackoffInitial().toMillis() / 1000.0)
        .put("leave_timeout_s", member.leaveTimeout().toMillis() / 1000.0)
        .put("suspicion_min_s", min / 1000.0)
        .put("suspicion_max_s", max / 1000.0)
        .put("confirmations_wanted", k)
        .putRaw("suspicion_timeout_s", "[" + String.join(",", timeouts) + "]")
        .put("dissemination_rounds", Math.round(rounds * 100.0) / 100.0)
        .put("dissemination_s", Math.round(rounds * gossipMs / 10.0) / 100.0)
        .put(
            "first_detect_s",
            Math.round(Formulas.expectedFirstDetectionMillis(probeMs) / 10.0) / 100.0)
        .toString();
  }
}
