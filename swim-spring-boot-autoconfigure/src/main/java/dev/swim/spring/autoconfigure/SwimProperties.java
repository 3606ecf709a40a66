package dev.swim.spring.autoconfigure;

import dev.swim.core.protocol.SwimConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code swim.*} configuration properties: every setting of the core {@code GossiperConfig} and
 * {@code SwimConfig}, plus the switches of the Spring integration.
 *
 * <p>The failure-detection and dissemination settings ({@code swim.probe-interval} and the others
 * without a fixed default) are optional: when unset, the value comes from {@code swim.profile};
 * when set, it overrides the profile's value. Values are validated when the Gossiper is built, and
 * an invalid one fails startup with a message naming the {@code swim.*} property.
 *
 * @param enabled Whether to run a SWIM member in this application; false turns off the Gossiper,
 *     its lifecycle, events, endpoint, health indicator and metrics.
 * @param autoStartup Whether the Gossiper starts (binds its port and joins the seeds) when the
 *     application context starts; when false, start the SwimGossiperLifecycle bean yourself.
 * @param nodeName Unique name of this node in the cluster. Defaults to the host name followed by
 *     "-" and swim.bind-port, or by "-" and the process id when swim.bind-port is 0, which is
 *     unique per process on a host.
 * @param clusterLabel Label sent in every packet and bound into its encryption; packets from a
 *     cluster with another label are dropped. Empty means no label.
 * @param bindAddress IP address to bind for UDP and TCP ("0.0.0.0" for every IPv4 interface).
 * @param bindPort UDP and TCP port to bind; 0 picks a free port.
 * @param advertiseAddress Address other members use to reach this node, for NAT and containers.
 *     Derived from the bind address when unset.
 * @param advertisePort Port other members use to reach this node; 0 uses the bound port.
 * @param seeds Comma-separated list of members to join through, as host[:port] (port 7946 when
 *     omitted). A host name that resolves to several addresses yields them all and is resolved
 *     again on every retry.
 * @param metadata String metadata of this node, gossiped to every member (for example zone or
 *     version); its encoded size is limited by swim.max-metadata-size.
 * @param profile Network profile whose defaults apply to every failure-detection and dissemination
 *     setting that is not set explicitly: lan (data centre), wan (across regions) or local (one
 *     host).
 * @param join Joining the cluster.
 * @param encryption Encryption of all gossip traffic (AES-GCM).
 * @param events Publishing membership changes and user events as Spring application events.
 * @param metrics Micrometer metrics of the Gossiper.
 * @param leaveTimeout Longest wait, on shutdown, for the leave to be gossiped before the node
 *     closes; keep it well under spring.lifecycle.timeout-per-shutdown-phase.
 * @param tcpOnly Whether to use TCP only and open no UDP socket, for networks that block UDP; every
 *     member of the cluster must set it.
 * @param tcpFallbackProbe Whether to probe over TCP, in parallel with indirect probes, when a UDP
 *     ping gets no answer.
 * @param streamTimeout Connect and read timeout of one TCP stream exchange (push-pull, fallback
 *     probe).
 * @param maxConcurrentStreams Most inbound TCP streams served at once.
 * @param maxStreamFrameSize Largest TCP stream frame accepted (bounds a full-state push-pull); at
 *     least swim.max-state-size plus 64KB.
 * @param probeInterval Time between probe rounds. Profile default: lan 1s, wan 5s, local 1s.
 * @param probeTimeout How long a direct ping waits for its ack before probing indirectly; must be
 *     less than swim.probe-interval. Profile default: lan 500ms, wan 3s, local 200ms.
 * @param indirectChecks Number of members asked to probe a target indirectly. Profile default: lan
 *     3, wan 3, local 1.
 * @param suspicionMultiplier Suspicion timeout multiplier: the minimum suspicion timeout is this
 *     times max(1, log10 N) times the probe interval. Profile default: lan 4, wan 6, local 3.
 * @param suspicionMaxTimeoutMultiplier Maximum suspicion timeout as a multiple of the minimum
 *     (Lifeguard). Profile default: 6.
 * @param awarenessMaxMultiplier Largest multiple by which Lifeguard's local health stretches the
 *     probe interval and timeout of a struggling node. Profile default: 8.
 * @param lifeguard Whether the Lifeguard extensions are on (local health, nacks,
 *     confirmation-driven suspicion). Profile default: true.
 * @param gossipInterval Time between gossip rounds. Profile default: lan 200ms, wan 500ms, local
 *     100ms.
 * @param gossipNodes Number of random members each gossip round sends to. Profile default: lan 3,
 *     wan 4, local 3.
 * @param retransmitMultiplier Each update is gossiped at most this times ceil(log10(N+1)) times.
 *     Profile default: lan 4, wan 4, local 2.
 * @param gossipToTheDeadTime How long dead members still receive gossip, so that a member declared
 *     dead by mistake learns it and refutes. Profile default: lan 30s, wan 60s, local 15s.
 * @param pushPullInterval Base period of the full-state push-pull anti-entropy exchange, scaled up
 *     above 32 members. Profile default: lan 30s, wan 60s, local 15s.
 * @param tombstoneTimeout How long dead and left members are kept before they are removed. Profile
 *     default: lan 60s, wan 120s, local 30s.
 * @param healInterval How often seeds and recently dead members are contacted again so partitions
 *     heal. Profile default: lan 10s, wan 30s, local 5s.
 * @param maxDatagramSize Datagram budget, including encryption overhead. Profile default: 1400B.
 * @param datagramOverhead Extra part of the datagram budget kept free beyond what the transport
 *     itself adds (the 33 bytes of AES-GCM are always accounted for), for tunnels and
 *     encapsulation. Profile default: 0B.
 * @param maxMetadataSize Largest encoded metadata (swim.metadata) a member may carry. Profile
 *     default: 512B.
 * @param maxUserEventSize Largest user event payload. Profile default: 512B.
 * @param userEventShare Part of each datagram reserved for user events; membership updates get the
 *     rest. Profile default: 640B.
 * @param maxMembers Most members (tombstones and this node included) this node's table holds;
 *     beyond it new members are refused (counted as rejected for member-limit), and a push-pull
 *     state with more records is refused whole (state-too-large). Profile default: 100000.
 * @param maxStateSize Most bytes of member records one push-pull state carries; beyond it the least
 *     useful records (tombstones first, then suspects) are left out of that exchange and counted.
 *     Must be at least 64KB below swim.max-stream-frame-size. Profile default: 16MB.
 */
@ConfigurationProperties("swim")
public record SwimProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("true") boolean autoStartup,
    String nodeName,
    @DefaultValue("") String clusterLabel,
    @DefaultValue("0.0.0.0") String bindAddress,
    @DefaultValue("7946") int bindPort,
    String advertiseAddress,
    @DefaultValue("0") int advertisePort,
    List<String> seeds,
    Map<String, String> metadata,
    @DefaultValue("lan") SwimConfig.Profile profile,
    @DefaultValue Join join,
    @DefaultValue Encryption encryption,
    @DefaultValue Events events,
    @DefaultValue Metrics metrics,
    @DefaultValue("5s") Duration leaveTimeout,
    @DefaultValue("false") boolean tcpOnly,
    @DefaultValue("true") boolean tcpFallbackProbe,
    @DefaultValue("10s") Duration streamTimeout,
    @DefaultValue("128") int maxConcurrentStreams,
    @DefaultValue("20MB") DataSize maxStreamFrameSize,
    Duration probeInterval,
    Duration probeTimeout,
    Integer indirectChecks,
    Integer suspicionMultiplier,
    Integer suspicionMaxTimeoutMultiplier,
    Integer awarenessMaxMultiplier,
    Boolean lifeguard,
    Duration gossipInterval,
    Integer gossipNodes,
    Integer retransmitMultiplier,
    Duration gossipToTheDeadTime,
    Duration pushPullInterval,
    Duration tombstoneTimeout,
    Duration healInterval,
    DataSize maxDatagramSize,
    DataSize datagramOverhead,
    DataSize maxMetadataSize,
    DataSize maxUserEventSize,
    DataSize userEventShare,
    Integer maxMembers,
    DataSize maxStateSize) {

  /** Normalizes blanks to "unset" and copies the collections. */
  public SwimProperties {
    nodeName = blankToNull(nodeName);
    advertiseAddress = blankToNull(advertiseAddress);
    clusterLabel = clusterLabel == null ? "" : clusterLabel;
    seeds =
        seeds == null
            ? List.of()
            : seeds.stream().map(String::trim).filter(seed -> !seed.isEmpty()).toList();
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    profile = profile == null ? SwimConfig.Profile.LAN : profile;
    join = join == null ? new Join(null, null, true) : join;
    encryption = encryption == null ? new Encryption(null, true, true, null) : encryption;
    events = events == null ? new Events(true) : events;
    metrics = metrics == null ? new Metrics(true) : metrics;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * Joining the cluster through {@code swim.seeds}.
   *
   * @param retryInterval First delay between join attempts while no seed answers; it doubles on
   *     every failed attempt.
   * @param maxRetryInterval Largest delay between join attempts.
   * @param validateSeeds Whether startup fails when a seed host name cannot be resolved. Turn it
   *     off when seed names appear only after this node starts, such as a Kubernetes headless
   *     service with no ready pod yet.
   */
  public record Join(
      @DefaultValue("1s") Duration retryInterval,
      @DefaultValue("30s") Duration maxRetryInterval,
      @DefaultValue("true") boolean validateSeeds) {

    /** Fills in the defaults when built outside binding. */
    public Join {
      retryInterval = retryInterval == null ? Duration.ofSeconds(1) : retryInterval;
      maxRetryInterval = maxRetryInterval == null ? Duration.ofSeconds(30) : maxRetryInterval;
    }
  }

  /**
   * AES-GCM encryption and authentication of every packet and stream.
   *
   * @param keys Comma-separated list of base64-encoded AES keys of 16, 24 or 32 bytes. The first
   *     encrypts, all decrypt, so keys can be rotated without downtime. Empty means no encryption.
   *     Always masked in the env and configprops endpoints.
   * @param verifyIncoming Whether plaintext packets are dropped; turn off only while rolling out
   *     encryption to a running cluster.
   * @param verifyOutgoing Whether outgoing packets are encrypted; turn off only while rolling out
   *     encryption to a running cluster.
   * @param required Whether startup fails when swim.encryption.keys is empty, so that a member
   *     never gossips in plaintext by mistake. Profile default: lan false, wan true, local false.
   */
  public record Encryption(
      List<String> keys,
      @DefaultValue("true") boolean verifyIncoming,
      @DefaultValue("true") boolean verifyOutgoing,
      Boolean required) {

    /** Copies the keys, dropping blank entries. */
    public Encryption {
      keys =
          keys == null
              ? List.of()
              : keys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
    }

    /** Never prints key material, only how many keys there are. */
    @Override
    public String toString() {
      return "Encryption[keys="
          + keys.size()
          + " key(s), verifyIncoming="
          + verifyIncoming
          + ", verifyOutgoing="
          + verifyOutgoing
          + ", required="
          + (required == null ? "profile default" : required)
          + "]";
    }
  }

  /**
   * Spring application events for membership changes and user events.
   *
   * @param enabled Whether to publish a SwimMembershipEvent for every membership change and a
   *     SwimUserEvent for every user event received.
   */
  public record Events(@DefaultValue("true") boolean enabled) {}

  /**
   * Micrometer metrics.
   *
   * @param enabled Whether to register the swim.* meters when a MeterRegistry is present.
   */
  public record Metrics(@DefaultValue("true") boolean enabled) {}
}
