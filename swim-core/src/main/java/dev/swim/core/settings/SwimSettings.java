package dev.swim.core.settings;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a SWIM member, each declared once. {@code SwimConfig} (the protocol's tuning)
 * and {@code GossiperConfig} (the runtime's) take their defaults and bounds from here, and the
 * Spring Boot starter binds, describes and documents the {@code swim.*} properties from here.
 */
public final class SwimSettings {
  private SwimSettings() {}

  private static final Duration SMALLEST = Duration.ofMillis(1);
  private static final int KIB = 1024;
  private static final int MIB = 1024 * 1024;

  /** The gossip port: the default bind port, and the port of a seed given without one. */
  public static final int DEFAULT_PORT = 7946;

  // ---- the member ------------------------------------------------------------------------------

  /** The profile whose defaults apply to every protocol setting not set explicitly. */
  public static final Setting<Profile> PROFILE =
      Setting.<Profile>declare(
              "swim.profile",
              Setting.Type.PROFILE,
              "Network profile whose defaults apply to every failure-detection and dissemination"
                  + " setting that is not set explicitly: lan (data centre), wan (across regions)"
                  + " or local (one host).")
          .byDefault(Profile.LAN)
          .build();

  /** This member's unique name. */
  public static final Setting<String> NODE_NAME =
      Setting.<String>declare(
              "swim.node-name",
              Setting.Type.TEXT,
              "Unique name of this node in the cluster, 1 to 128 bytes of UTF-8 without control"
                  + " characters.")
          .computed("host name-port (or -pid when swim.bind-port is 0)")
          .build();

  /** The cluster label bound into every packet. */
  public static final Setting<String> CLUSTER_LABEL =
      Setting.<String>declare(
              "swim.cluster-label",
              Setting.Type.TEXT,
              "Label sent in every packet and bound into its encryption; packets from a cluster"
                  + " with another label are dropped. Empty means no label; at most 255 bytes.")
          .byDefault("")
          .build();

  /** The address bound for UDP and TCP. */
  public static final Setting<String> BIND_ADDRESS =
      Setting.<String>declare(
              "swim.bind-address",
              Setting.Type.TEXT,
              "IP address to bind for UDP and TCP (0.0.0.0 for every IPv4 interface).")
          .byDefault("0.0.0.0")
          .build();

  /** The port bound for UDP and TCP. */
  public static final Setting<Integer> BIND_PORT =
      Setting.<Integer>declare(
              "swim.bind-port",
              Setting.Type.INTEGER,
              "UDP and TCP port to bind; 0 picks a free port.")
          .byDefault(DEFAULT_PORT)
          .range(0, 65535)
          .build();

  /** The address other members reach this one at. */
  public static final Setting<String> ADVERTISE_ADDRESS =
      Setting.<String>declare(
              "swim.advertise-address",
              Setting.Type.TEXT,
              "Address other members use to reach this node, for NAT and containers.")
          .computed("derived from the bind address")
          .build();

  /** The port other members reach this one at. */
  public static final Setting<Integer> ADVERTISE_PORT =
      Setting.<Integer>declare(
              "swim.advertise-port",
              Setting.Type.INTEGER,
              "Port other members use to reach this node; 0 uses the bound port.")
          .byDefault(0)
          .range(0, 65535)
          .build();

  /** The members to join through. */
  public static final Setting<List<String>> SEEDS =
      Setting.<List<String>>declare(
              "swim.seeds",
              Setting.Type.TEXT_LIST,
              "Members to join through, as host[:port] (port 7946 when omitted); a host name is"
                  + " resolved again on every retry and may yield several addresses.")
          .byDefault(List.of())
          .build();

  /** This member's metadata. */
  public static final Setting<Map<String, String>> METADATA =
      Setting.<Map<String, String>>declare(
              "swim.metadata",
              Setting.Type.TEXT_MAP,
              "String metadata of this node, gossiped to every member (for example zone or"
                  + " version); its encoded size is limited by swim.max-metadata-size.")
          .byDefault(Map.of())
          .build();

  // ---- joining and leaving ---------------------------------------------------------------------

  /** The first delay between join attempts. */
  public static final Setting<Duration> JOIN_RETRY_INTERVAL =
      Setting.<Duration>declare(
              "swim.join.retry-interval",
              Setting.Type.DURATION,
              "First delay between join attempts; it doubles on every failed attempt.")
          .byDefault(Duration.ofSeconds(1))
          .min(SMALLEST)
          .build();

  /** The largest delay between join attempts. */
  public static final Setting<Duration> JOIN_MAX_RETRY_INTERVAL =
      Setting.<Duration>declare(
              "swim.join.max-retry-interval",
              Setting.Type.DURATION,
              "Largest delay between join attempts; at least swim.join.retry-interval.")
          .byDefault(Duration.ofSeconds(30))
          .min(SMALLEST)
          .build();

  /** The longest wait for the leave to be gossiped on shutdown. */
  public static final Setting<Duration> LEAVE_TIMEOUT =
      Setting.<Duration>declare(
              "swim.leave-timeout",
              Setting.Type.DURATION,
              "Longest wait, on shutdown, for the leave to be gossiped before the node closes;"
                  + " keep it well under spring.lifecycle.timeout-per-shutdown-phase.")
          .byDefault(Duration.ofSeconds(5))
          .min(SMALLEST)
          .build();

  // ---- encryption ------------------------------------------------------------------------------

  /** The AES keys, base64, the first one used to encrypt. */
  public static final Setting<List<String>> ENCRYPTION_KEYS =
      Setting.<List<String>>declare(
              "swim.encryption.keys",
              Setting.Type.TEXT_LIST,
              "AES keys (16, 24 or 32 bytes, base64); the first encrypts, all decrypt. Empty"
                  + " means plaintext.")
          .byDefault(List.of())
          .secret()
          .build();

  /** Whether plaintext packets are dropped. */
  public static final Setting<Boolean> VERIFY_INCOMING =
      Setting.<Boolean>declare(
              "swim.encryption.verify-incoming",
              Setting.Type.BOOLEAN,
              "Whether packets that are not encrypted are dropped (turn off only while rolling"
                  + " encryption out).")
          .byDefault(true)
          .build();

  /** Whether outgoing packets are encrypted. */
  public static final Setting<Boolean> VERIFY_OUTGOING =
      Setting.<Boolean>declare(
              "swim.encryption.verify-outgoing",
              Setting.Type.BOOLEAN,
              "Whether outgoing packets are encrypted (turn off only while rolling encryption"
                  + " out).")
          .byDefault(true)
          .build();

  /** Whether the member refuses to start without keys. */
  public static final Setting<Boolean> ENCRYPTION_REQUIRED =
      Setting.<Boolean>declare(
              "swim.encryption.required",
              Setting.Type.BOOLEAN,
              "Whether the member refuses to start without swim.encryption.keys.")
          .byProfile(false, true, false)
          .build();

  // ---- transport -------------------------------------------------------------------------------

  /** Whether datagrams travel over TCP only. */
  public static final Setting<Boolean> TCP_ONLY =
      Setting.<Boolean>declare(
              "swim.tcp-only",
              Setting.Type.BOOLEAN,
              "Whether to use TCP only and open no UDP socket, for networks that block UDP; every"
                  + " member of the cluster must set it.")
          .byDefault(false)
          .build();

  /** Whether an unanswered UDP probe is also tried over TCP. */
  public static final Setting<Boolean> TCP_FALLBACK_PROBE =
      Setting.<Boolean>declare(
              "swim.tcp-fallback-probe",
              Setting.Type.BOOLEAN,
              "Whether to probe over TCP, in parallel with indirect probes, when a UDP ping gets"
                  + " no answer.")
          .byDefault(true)
          .build();

  /** The timeout of one TCP stream exchange. */
  public static final Setting<Duration> STREAM_TIMEOUT =
      Setting.<Duration>declare(
              "swim.stream-timeout",
              Setting.Type.DURATION,
              "Connect and read timeout of one TCP stream exchange (push-pull, fallback probe).")
          .byDefault(Duration.ofSeconds(10))
          .min(SMALLEST)
          .build();

  /** The most inbound TCP streams served at once. */
  public static final Setting<Integer> MAX_CONCURRENT_STREAMS =
      Setting.<Integer>declare(
              "swim.max-concurrent-streams",
              Setting.Type.INTEGER,
              "Most inbound TCP streams served at once.")
          .byDefault(128)
          .range(1, 10_000)
          .build();

  /** The largest TCP stream frame. */
  public static final Setting<Integer> MAX_STREAM_FRAME_SIZE =
      Setting.<Integer>declare(
              "swim.max-stream-frame-size",
              Setting.Type.BYTES,
              "Largest TCP stream frame accepted (bounds a full-state push-pull); at least"
                  + " swim.max-state-size plus 64KB.")
          .byDefault(20 * MIB)
          .range(64 * KIB, 256 * MIB)
          .build();

  // ---- failure detection -----------------------------------------------------------------------

  /** The time between probe rounds (T). */
  public static final Setting<Duration> PROBE_INTERVAL =
      Setting.<Duration>declare(
              "swim.probe-interval", Setting.Type.DURATION, "Time between probe rounds.")
          .byProfile(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1))
          .min(SMALLEST)
          .build();

  /** How long a direct ping waits before probing indirectly. */
  public static final Setting<Duration> PROBE_TIMEOUT =
      Setting.<Duration>declare(
              "swim.probe-timeout",
              Setting.Type.DURATION,
              "How long a direct ping waits for its ack before probing indirectly; less than"
                  + " swim.probe-interval.")
          .byProfile(Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofMillis(200))
          .min(SMALLEST)
          .build();

  /** How many members probe a target indirectly (k). */
  public static final Setting<Integer> INDIRECT_CHECKS =
      Setting.<Integer>declare(
              "swim.indirect-checks",
              Setting.Type.INTEGER,
              "Number of members asked to probe a target indirectly.")
          .byProfile(3, 3, 1)
          .range(0, 16)
          .build();

  /** The suspicion timeout multiplier (alpha). */
  public static final Setting<Integer> SUSPICION_MULTIPLIER =
      Setting.<Integer>declare(
              "swim.suspicion-multiplier",
              Setting.Type.INTEGER,
              "Suspicion timeout multiplier: the minimum suspicion timeout is this times"
                  + " max(1, log10 N) times the probe interval.")
          .byProfile(4, 6, 3)
          .range(1, 100)
          .build();

  /** The maximum suspicion timeout as a multiple of the minimum (beta). */
  public static final Setting<Integer> SUSPICION_MAX_TIMEOUT_MULTIPLIER =
      Setting.<Integer>declare(
              "swim.suspicion-max-timeout-multiplier",
              Setting.Type.INTEGER,
              "Maximum suspicion timeout as a multiple of the minimum (Lifeguard).")
          .byDefault(6)
          .range(1, 100)
          .build();

  /** Lifeguard's local-health saturation. */
  public static final Setting<Integer> AWARENESS_MAX_MULTIPLIER =
      Setting.<Integer>declare(
              "swim.awareness-max-multiplier",
              Setting.Type.INTEGER,
              "Largest multiple by which Lifeguard's local health stretches the probe interval"
                  + " and timeout of a struggling node.")
          .byDefault(8)
          .range(1, 64)
          .build();

  /** Whether the Lifeguard extensions are on. */
  public static final Setting<Boolean> LIFEGUARD =
      Setting.<Boolean>declare(
              "swim.lifeguard",
              Setting.Type.BOOLEAN,
              "Whether the Lifeguard extensions are on (local health, nacks, confirmation-driven"
                  + " suspicion); off gives plain SWIM.")
          .byDefault(true)
          .build();

  // ---- dissemination ---------------------------------------------------------------------------

  /** The time between gossip rounds. */
  public static final Setting<Duration> GOSSIP_INTERVAL =
      Setting.<Duration>declare(
              "swim.gossip-interval", Setting.Type.DURATION, "Time between gossip rounds.")
          .byProfile(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMillis(100))
          .min(SMALLEST)
          .build();

  /** How many members each gossip round sends to. */
  public static final Setting<Integer> GOSSIP_NODES =
      Setting.<Integer>declare(
              "swim.gossip-nodes",
              Setting.Type.INTEGER,
              "Number of random members each gossip round sends to.")
          .byProfile(3, 4, 3)
          .range(0, 64)
          .build();

  /** The retransmission multiplier. */
  public static final Setting<Integer> RETRANSMIT_MULTIPLIER =
      Setting.<Integer>declare(
              "swim.retransmit-multiplier",
              Setting.Type.INTEGER,
              "Each update is gossiped at most this times ceil(log10(N+1)) times by each member.")
          .byProfile(4, 4, 2)
          .range(1, 100)
          .build();

  /** How long dead members still receive gossip. */
  public static final Setting<Duration> GOSSIP_TO_THE_DEAD_TIME =
      Setting.<Duration>declare(
              "swim.gossip-to-the-dead-time",
              Setting.Type.DURATION,
              "How long dead members still receive gossip, so that a member declared dead by"
                  + " mistake learns it and refutes.")
          .byProfile(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(15))
          .min(Duration.ZERO)
          .build();

  /** The base period of the push-pull anti-entropy exchange. */
  public static final Setting<Duration> PUSH_PULL_INTERVAL =
      Setting.<Duration>declare(
              "swim.push-pull-interval",
              Setting.Type.DURATION,
              "Base period of the full-state push-pull anti-entropy exchange, scaled up above 32"
                  + " members.")
          .byProfile(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(15))
          .min(SMALLEST)
          .build();

  /** How long dead and left members are kept. */
  public static final Setting<Duration> TOMBSTONE_TIMEOUT =
      Setting.<Duration>declare(
              "swim.tombstone-timeout",
              Setting.Type.DURATION,
              "How long dead and left members are kept before they are removed.")
          .byProfile(Duration.ofSeconds(60), Duration.ofMinutes(2), Duration.ofSeconds(30))
          .min(Duration.ZERO)
          .build();

  /** How often seeds and recently dead members are contacted again. */
  public static final Setting<Duration> HEAL_INTERVAL =
      Setting.<Duration>declare(
              "swim.heal-interval",
              Setting.Type.DURATION,
              "How often seeds and recently dead members are contacted again so partitions heal.")
          .byProfile(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(5))
          .min(SMALLEST)
          .build();

  /** How often one failed member is contacted again, long after its tombstone is gone. */
  public static final Setting<Duration> RECONNECT_INTERVAL =
      Setting.<Duration>declare(
              "swim.reconnect-interval",
              Setting.Type.DURATION,
              "How often a member that failed is contacted again (one at a time, with jitter), so"
                  + " a partition that outlasts the tombstone timeout still heals.")
          .byDefault(Duration.ofSeconds(30))
          .min(SMALLEST)
          .build();

  /** How long a member that failed keeps being contacted again. */
  public static final Setting<Duration> RECONNECT_TIMEOUT =
      Setting.<Duration>declare(
              "swim.reconnect-timeout",
              Setting.Type.DURATION,
              "How long a member that failed (not one that left) keeps being contacted again; its"
                  + " record also refuses stale news that would bring it back.")
          .byDefault(Duration.ofHours(24))
          .min(Duration.ZERO)
          .build();

  // ---- sizes and limits ------------------------------------------------------------------------

  /** The datagram budget. */
  public static final Setting<Integer> MAX_DATAGRAM_SIZE =
      Setting.<Integer>declare(
              "swim.max-datagram-size",
              Setting.Type.BYTES,
              "Largest datagram this node sends, encryption overhead included (received"
                  + " datagrams may be up to 65507 bytes).")
          .byDefault(1400)
          .range(512, 65_000)
          .build();

  /** Room kept free in each datagram beyond the transport's own overhead. */
  public static final Setting<Integer> DATAGRAM_OVERHEAD =
      Setting.<Integer>declare(
              "swim.datagram-overhead",
              Setting.Type.BYTES,
              "Part of the datagram budget kept free beyond what the transport itself adds (the"
                  + " 33 bytes of AES-GCM are always accounted for), for tunnels and"
                  + " encapsulation.")
          .byDefault(0)
          .range(0, 256)
          .build();

  /** The largest encoded metadata. */
  public static final Setting<Integer> MAX_METADATA_SIZE =
      Setting.<Integer>declare(
              "swim.max-metadata-size",
              Setting.Type.BYTES,
              "Largest encoded metadata (swim.metadata) a member may carry; one member's alive"
                  + " update must fit a datagram.")
          .byDefault(512)
          .range(0, 64 * KIB)
          .build();

  /** The largest user event payload. */
  public static final Setting<Integer> MAX_USER_EVENT_SIZE =
      Setting.<Integer>declare(
              "swim.max-user-event-size", Setting.Type.BYTES, "Largest user event payload.")
          .byDefault(512)
          .range(1, 9 * KIB)
          .build();

  /** The part of each datagram reserved for user events. */
  public static final Setting<Integer> USER_EVENT_SHARE =
      Setting.<Integer>declare(
              "swim.user-event-share",
              Setting.Type.BYTES,
              "Part of each datagram reserved for user events; membership updates get the rest."
                  + " At most half of swim.max-datagram-size.")
          .byDefault(640)
          .min(0)
          .build();

  /** The most members the table holds. */
  public static final Setting<Integer> MAX_MEMBERS =
      Setting.<Integer>declare(
              "swim.max-members",
              Setting.Type.INTEGER,
              "Most members (tombstones and this node included) this node's table holds; beyond"
                  + " it new members are refused, and a push-pull state with more records is"
                  + " refused whole.")
          .byDefault(100_000)
          .range(2, 10_000_000)
          .build();

  /** The most bytes of member records one push-pull state carries. */
  public static final Setting<Integer> MAX_STATE_SIZE =
      Setting.<Integer>declare(
              "swim.max-state-size",
              Setting.Type.BYTES,
              "Most bytes of member records one push-pull state carries; beyond it tombstones,"
                  + " then suspects, are left out of that exchange. At least 64KB below"
                  + " swim.max-stream-frame-size.")
          .byDefault(16 * MIB)
          .range(64 * KIB, 256 * MIB)
          .build();

  /** Every setting above, in the order of the configuration reference. */
  public static final List<Setting<?>> ALL =
      List.of(
          PROFILE,
          NODE_NAME,
          CLUSTER_LABEL,
          BIND_ADDRESS,
          BIND_PORT,
          ADVERTISE_ADDRESS,
          ADVERTISE_PORT,
          SEEDS,
          METADATA,
          JOIN_RETRY_INTERVAL,
          JOIN_MAX_RETRY_INTERVAL,
          LEAVE_TIMEOUT,
          ENCRYPTION_KEYS,
          VERIFY_INCOMING,
          VERIFY_OUTGOING,
          ENCRYPTION_REQUIRED,
          TCP_ONLY,
          TCP_FALLBACK_PROBE,
          STREAM_TIMEOUT,
          MAX_CONCURRENT_STREAMS,
          MAX_STREAM_FRAME_SIZE,
          PROBE_INTERVAL,
          PROBE_TIMEOUT,
          INDIRECT_CHECKS,
          SUSPICION_MULTIPLIER,
          SUSPICION_MAX_TIMEOUT_MULTIPLIER,
          AWARENESS_MAX_MULTIPLIER,
          LIFEGUARD,
          GOSSIP_INTERVAL,
          GOSSIP_NODES,
          RETRANSMIT_MULTIPLIER,
          GOSSIP_TO_THE_DEAD_TIME,
          PUSH_PULL_INTERVAL,
          TOMBSTONE_TIMEOUT,
          HEAL_INTERVAL,
          RECONNECT_INTERVAL,
          RECONNECT_TIMEOUT,
          MAX_DATAGRAM_SIZE,
          DATAGRAM_OVERHEAD,
          MAX_METADATA_SIZE,
          MAX_USER_EVENT_SIZE,
          USER_EVENT_SHARE,
          MAX_MEMBERS,
          MAX_STATE_SIZE);
}
