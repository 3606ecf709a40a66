package dev.swim.bench;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperStats;
import dev.swim.core.runtime.ProtocolObserver;
import dev.swim.simulator.Json;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Our {@link Gossiper} under the cluster scenario: LAN defaults ({@link SwimConfig#lan()}), UDP +
 * TCP on loopback, every Gossiper on the JVM-wide shared threads, optionally AES-256-GCM. Node
 * {@code i} binds its own loopback address ({@link #host}): as on separate hosts, the per-source
 * connection limit of a member (8 concurrent streams) then counts each joining member apart.
 */
final class SwimHarness implements ClusterHarness {
  /** The longest one join call waits for its member to have joined. */
  static final long JOIN_WAIT_MS = 10_000;

  private final int basePort;
  private final boolean encrypt;
  private final byte[] key;
  private final SwimConfig protocol = SwimConfig.lan();
  private final Gossiper[] nodes;
  private final boolean[] down;
  private final String version;
  private SteadyCounters steadyStart;
  private SteadyCounters steadyEnd;

  SwimHarness(int n, int basePort, boolean encrypt, String version) {
    this(n, basePort, encrypt, version, randomKey());
  }

  /**
   * A harness for nodes {@code 0..n-1} of which this process may start only some (the others run in
   * other processes, see {@link SpreadHarness}); all share {@code key} when encrypted.
   */
  SwimHarness(int n, int basePort, boolean encrypt, String version, byte[] key) {
    this.basePort = basePort;
    this.encrypt = encrypt;
    this.version = version;
    this.nodes = new Gossiper[n];
    this.down = new boolean[n];
    this.key = key.clone();
  }

  static byte[] randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
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
            .bindAddress(host(index))
            .bindPort(basePort + index)
            .protocol(protocol);
    if (index > 0) {
      b.seeds(List.of(host(0) + ":" + basePort));
    }
    if (encrypt) {
      b.encryptionKeys(List.of(key));
    }
    Gossiper g = Gossiper.create(b.build());
    nodes[index] = g;
    down[index] = false;
    JoinWatch joined = new JoinWatch();
    g.addProtocolObserver(joined);
    try {
      g.start();
      // as memberlist's Join and scalecube's start do: the three implementations issue their
      // joins alike, one after another, each once the previous one is in. After JOIN_WAIT_MS the
      // member keeps trying in the background, and convergence, which is what is timed, tells.
      if (index > 0) {
        joined.answered.await(JOIN_WAIT_MS, TimeUnit.MILLISECONDS);
      }
    } finally {
      g.removeProtocolObserver(joined);
    }
  }

  /** Opens {@link #answered} when a join push-pull of this member is answered. */
  private static final class JoinWatch implements ProtocolObserver {
    final CountDownLatch answered = new CountDownLatch(1);
    private final Set<Long> joins = ConcurrentHashMap.newKeySet();

    @Override
    public void pushPullStarted(long exchange, NodeAddress peer, boolean join) {
      if (join) {
        joins.add(exchange);
      }
    }

    @Override
    public void pushPullEnded(long exchange, NodeAddress peer, boolean ok) {
      if (joins.remove(exchange) && ok) {
        answered.countDown();
      }
    }
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

  /** Whether every node running here sees all {@code n} members alive; other nodes are skipped. */
  @Override
  public boolean allSeeAllAlive(int n) {
    for (int i = 0; i < nodes.length; i++) {
      if (isRunning(i) && !seesAllAlive(i, n)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Those of the {@code observers} running here (not {@code target} itself) that consider node
   * {@code target} failed; observers that do not run here are skipped.
   */
  @Override
  public Set<Integer> consideringFailed(int target, Set<Integer> observers) {
    Set<Integer> out = new TreeSet<>();
    for (int i : observers) {
      if (i != target && i >= 0 && i < nodes.length && isRunning(i) && considersFailed(i, target)) {
        out.add(i);
      }
    }
    return out;
  }

  @Override
  public void collectFailed(Set<String> into, Set<Integer> crashed) {
    for (int i = 0; i < nodes.length; i++) {
      if (!isRunning(i) || crashed.contains(i)) {
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
    down[index] = true;
    nodes[index].close(); // no leave: sockets close, nothing is announced
  }

  @Override
  public boolean setStatus(int index, String status) {
    nodes[index].updateMetadata(Map.of("status", status));
    return true;
  }

  @Override
  public boolean allSeeStatus(int index, String status) {
    String name = name(index);
    for (int i = 0; i < nodes.length; i++) {
      if (i == index || !isRunning(i)) {
        continue;
      }
      Optional<Member> m = nodes[i].member(name);
      if (m.isEmpty() || !status.equals(m.get().metadata().get("status"))) {
        return false;
      }
    }
    return true;
  }

  /** Whether node {@code index} runs in this process (started and not crashed). */
  boolean isRunning(int index) {
    return nodes[index] != null && !down[index];
  }

  @Override
  public void restart(int index) throws Exception {
    crash(index);
    start(index);
  }

  /** Counter totals at the start of the steady window. */
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

  /** The protocol's counters summed over the nodes running here. */
  SteadyCounters totals() {
    SteadyCounters t = SteadyCounters.ZERO;
    for (int i = 0; i < nodes.length; i++) {
      if (!isRunning(i)) {
        continue;
      }
      GossiperStats s = nodes[i].stats();
      t =
          t.plus(
              new SteadyCounters(
                  s.suspicions(),
                  s.messagesSent().getOrDefault("dead", 0L),
                  s.messagesSent().getOrDefault("suspect", 0L),
                  s.bytesSent().getOrDefault("datagram", 0L),
                  s.bytesSent().getOrDefault("stream", 0L),
                  sum(s.messagesSent())));
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

  /**
   * Node {@code index}'s loopback address: 127.0.0.1, 127.0.0.2, ... 127.0.0.254, 127.0.1.1, ...
   */
  static String host(int index) {
    return "127.0." + index / 254 + "." + (index % 254 + 1);
  }

  static String name(int index) {
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
