package dev.swim.bench;

import dev.swim.simulator.Json;
import io.scalecube.cluster.Cluster;
import io.scalecube.cluster.ClusterConfig;
import io.scalecube.cluster.ClusterImpl;
import io.scalecube.cluster.ClusterMessageHandler;
import io.scalecube.cluster.Member;
import io.scalecube.cluster.membership.MembershipEvent;
import io.scalecube.transport.netty.tcp.TcpTransportFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * scalecube-cluster under the cluster scenario: {@link ClusterConfig#defaultLanConfig()}, the TCP
 * transport, member {@code i} advertised as {@code 127.0.0.1:(base+i)} with alias {@code node-i}.
 *
 * <p>scalecube's public view has no SUSPECT state: a member is in {@link Cluster#members()} (alive
 * or suspected) or removed (dead). A crash is its transport stopped without {@link
 * Cluster#shutdown()}, whose graceful path would announce the leave.
 */
final class ScalecubeHarness implements ClusterHarness {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final int basePort;
  private final String version;
  private final ClusterConfig lan = ClusterConfig.defaultLanConfig();
  private final Cluster[] nodes;
  private final String[] ids;
  private final ConcurrentLinkedQueue<String> removed = new ConcurrentLinkedQueue<>();

  ScalecubeHarness(int n, int basePort, String version) {
    this.basePort = basePort;
    this.version = version;
    this.nodes = new Cluster[n];
    this.ids = new String[n];
  }

  @Override
  public String impl() {
    return "scalecube-cluster";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String configJson() {
    var fd = lan.failureDetectorConfig();
    var gossip = lan.gossipConfig();
    var membership = lan.membershipConfig();
    return new Json()
        .put("probe_interval_ms", fd.pingInterval())
        .put("probe_timeout_ms", fd.pingTimeout())
        .put("indirect_checks", fd.pingReqMembers())
        .put("suspicion_mult", membership.suspicionMult())
        .put("suspicion_max_timeout_mult", null)
        .put("gossip_interval_ms", gossip.gossipInterval())
        .put("gossip_fanout", gossip.gossipFanout())
        .put("push_pull_interval_ms", membership.syncInterval())
        .put("sync_timeout_ms", membership.syncTimeout())
        .put("gossip_repeat_mult", gossip.gossipRepeatMult())
        .put("metadata_timeout_ms", lan.metadataTimeout())
        .put("connect_timeout_ms", lan.transportConfig().connectTimeout())
        .put("transport", "tcp")
        .toString();
  }

  @Override
  public void start(int index) {
    int port = basePort + index;
    ClusterImpl c =
        new ClusterImpl(lan)
            .config(o -> o.memberAlias(name(index)).externalHost("127.0.0.1").externalPort(port))
            .transport(o -> o.port(port))
            .transportFactory(TcpTransportFactory::new)
            .handler(cluster -> new RemovalListener());
    if (index > 0) {
      c = c.membership(o -> o.seedMembers("127.0.0.1:" + basePort));
    }
    Cluster started = c.startAwait();
    nodes[index] = started;
    ids[index] = started.member().id();
  }

  @Override
  public boolean seesAllAlive(int observer, int n) {
    return nodes[observer].otherMembers().size() == n - 1;
  }

  @Override
  public boolean considersFailed(int observer, int target) {
    return nodes[observer].memberById(ids[target]).isEmpty();
  }

  @Override
  public void collectFailed(Set<String> into, Set<Integer> crashed) {
    String name;
    while ((name = removed.poll()) != null) {
      into.add(name);
    }
  }

  @Override
  public void crash(int index) {
    // The transport alone: no LEAVING gossip, its server and connections close at once.
    nodes[index].transport().stop().block(STOP_TIMEOUT);
  }

  @Override
  public void close() {
    for (Cluster c : nodes) {
      if (c != null) {
        try {
          c.shutdown();
        } catch (RuntimeException e) {
          // best effort at the end of a run
        }
      }
    }
  }

  private static String name(int index) {
    return "node-" + index;
  }

  /** Records every member any node removed (scalecube removes a member once it is dead). */
  private final class RemovalListener implements ClusterMessageHandler {
    @Override
    public void onMembershipEvent(MembershipEvent event) {
      if (event.isRemoved()) {
        Member m = event.member();
        removed.add(m.alias() != null ? m.alias() : m.address());
      }
    }
  }
}
