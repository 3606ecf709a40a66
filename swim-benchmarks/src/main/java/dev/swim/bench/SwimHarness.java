package dev.swim.bench;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperStats;
import dev.swim.simulator.Json;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Our {@link Gossiper} under the cluster scenario: LAN defaults ({@link SwimConfig#lan()}), UDP +
 * TCP on 127.0.0.1, every Gossiper on the JVM-wide shared threads, optionally AES-256-GCM.
 */
final class SwimHarness implements ClusterHarness {
  private final int basePort;
  private final boolean encrypt;
  private final byte[] key;
  private final SwimConfig protocol = SwimConfig.lan();
  private final Gossiper[] nodes;
  private final String version;
  private long[] steadyStart;
  private long[] steadyTotals;

  SwimHarness(int n, int basePort, boolean encrypt, String version) {
    this.basePort = basePort;
    this.encrypt = encrypt;
    this.version = version;
    this.nodes = new Gossiper[n];
    this.key = new byte[32];
    new SecureRandom().nextBytes(key);
  }

  @Override
  public String impl() {
    return "swim";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String configJson() {
    return new Json()
        .put("probe_interval_ms", protocol.probeInterval().toMillis())
        .put("probe_timeout_ms", protocol.probeTimeout().toMillis())
        .put("indirect_checks", protocol.indirectChecks())
        .put("suspicion_mult", protocol.suspicionMult())
        .put("suspicion_max_timeout_mult", protocol.suspicionMaxTimeoutMult())
        .put("gossip_interval_ms", protocol.gossipInterval().toMillis())
        .put("gossip_fanout", protocol.gossipNodes())
        .put("push_pull_interval_ms", protocol.pushPullInterval().toMillis())
        .put("retransmit_mult", protocol.retransmitMult())
        .put("encrypted", encrypt)
        .toString();
  }

  @Override
  public void start(int index) throws Exception {
    GossiperConfig.Builder b =
        GossiperConfig.builder(name(index))
            .bindAddress("127.0.0.1")
            .bindPort(basePort + index)
            .protocol(protocol);
    if (index > 0) {
      b.seeds(List.of("127.0.0.1:" + basePort));
    }
    if (encrypt) {
      b.encryptionKeys(List.of(key));
    }
    Gossiper g = Gossiper.create(b.build());
    nodes[index] = g;
    g.start();
  }

  @Override
  public boolean seesAllAlive(int observer, int n) {
    List<Member> view = nodes[observer].members();
    int alive = 0;
    for (Member m : view) {
      if (m.state() == MemberState.ALIVE) {
        alive++;
      }
    }
    return alive == n;
  }

  @Override
  public boolean considersFailed(int observer, int target) {
    Optional<Member> m = nodes[observer].member(name(target));
    return m.isEmpty() || m.get().state() == MemberState.DEAD;
  }

  @Override
  public void collectFailed(Set<String> into, Set<Integer> crashed) {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] == null || crashed.contains(i)) {
        continue;
      }
      for (Member m : nodes[i].members()) {
        if (m.state() == MemberState.DEAD) {
          into.add(m.name());
        }
      }
    }
  }

  @Override
  public void crash(int index) {
    nodes[index].close(); // no leave: sockets close, nothing is announced
  }

  /** Counter totals at the start of the steady window. */
  @Override
  public void beginSteady() {
    steadyStart = totals();
  }

  @Override
  public void endSteady() {
    steadyTotals = totals();
  }

  @Override
  public String extrasJson() {
    if (steadyStart == null || steadyTotals == null) {
      return null;
    }
    String[] names = {
      "suspicions",
      "dead_sent",
      "suspect_sent",
      "datagram_bytes_sent",
      "stream_bytes_sent",
      "messages_sent"
    };
    Json j = new Json();
    for (int i = 0; i < names.length; i++) {
      j.put(names[i], steadyTotals[i] - steadyStart[i]);
    }
    return j.toString();
  }

  private long[] totals() {
    long[] t = new long[6];
    for (Gossiper g : nodes) {
      if (g == null) {
        continue;
      }
      GossiperStats s = g.stats();
      t[0] += s.suspicions();
      t[1] += s.messagesSent().getOrDefault("dead", 0L);
      t[2] += s.messagesSent().getOrDefault("suspect", 0L);
      t[3] += s.bytesSent().getOrDefault("datagram", 0L);
      t[4] += s.bytesSent().getOrDefault("stream", 0L);
      t[5] += sum(s.messagesSent());
    }
    return t;
  }

  private static long sum(Map<String, Long> m) {
    long s = 0;
    for (long v : m.values()) {
      s += v;
    }
    return s;
  }

  private static String name(int index) {
    return "node-" + index;
  }

  @Override
  public void close() {
    for (Gossiper g : nodes) {
      if (g != null) {
        g.close();
      }
    }
  }
}
