package dev.swim.spring.autoconfigure.actuate.endpoint;

import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.GossiperConfig;
import java.time.Duration;
import java.util.List;

/**
 * The settings in effect, named like their {@code swim.*} properties. Durations read like property
 * values ("1s", "500ms"), sizes in bytes ("1400B"). No key material: only whether encryption is on
 * and how many keys the keyring holds.
 *
 * @param profile the profile the protocol defaults came from
 * @param clusterLabel the cluster label ("" for none)
 * @param bindAddress the configured bind address
 * @param bindPort the configured bind port (0: any free port)
 * @param advertiseAddress the configured advertise address, or null when derived
 * @param advertisePort the configured advertise port (0: the bound port)
 * @param seeds the seeds
 * @param encryption whether packets are encrypted
 * @param keyCount how many keys the keyring holds
 * @param encryptionRequired whether the node refuses to start without keys
 * @param verifyIncoming whether plaintext packets are dropped
 * @param verifyOutgoing whether outgoing packets are encrypted
 * @param tcpOnly whether datagrams go over TCP
 * @param tcpFallbackProbe whether failed UDP probes are retried over TCP
 * @param probeInterval time between probe rounds
 * @param probeTimeout direct ping timeout
 * @param indirectChecks helpers per indirect probe
 * @param suspicionMultiplier suspicion timeout multiplier
 * @param suspicionMaxTimeoutMultiplier maximum suspicion timeout as a multiple of the minimum
 * @param awarenessMaxMultiplier Lifeguard local health saturation
 * @param lifeguard whether the Lifeguard extensions are on
 * @param gossipInterval time between gossip rounds
 * @param gossipNodes members per gossip round
 * @param retransmitMultiplier retransmission multiplier
 * @param gossipToTheDeadTime how long dead members still receive gossip
 * @param pushPullInterval base anti-entropy period
 * @param tombstoneTimeout how long dead and left members are kept
 * @param healInterval how often seeds and dead members are contacted again
 * @param maxDatagramSize datagram budget
 * @param maxMetadataSize metadata limit
 * @param maxMembers most members the table holds
 * @param maxStateSize most bytes of member records one push-pull state carries
 * @param joinRetryInterval first delay between join attempts
 * @param joinMaxRetryInterval largest delay between join attempts
 * @param leaveTimeout longest wait for the leave on shutdown
 */
public record SettingsDescriptor(
    String profile,
    String clusterLabel,
    String bindAddress,
    int bindPort,
    String advertiseAddress,
    int advertisePort,
    List<String> seeds,
    boolean encryption,
    int keyCount,
    boolean encryptionRequired,
    boolean verifyIncoming,
    boolean verifyOutgoing,
    boolean tcpOnly,
    boolean tcpFallbackProbe,
    String probeInterval,
    String probeTimeout,
    int indirectChecks,
    int suspicionMultiplier,
    int suspicionMaxTimeoutMultiplier,
    int awarenessMaxMultiplier,
    boolean lifeguard,
    String gossipInterval,
    int gossipNodes,
    int retransmitMultiplier,
    String gossipToTheDeadTime,
    String pushPullInterval,
    String tombstoneTimeout,
    String healInterval,
    String maxDatagramSize,
    String maxMetadataSize,
    int maxMembers,
    String maxStateSize,
    String joinRetryInterval,
    String joinMaxRetryInterval,
    String leaveTimeout) {

  /**
   * The settings of {@code config}.
   *
   * @param config the configuration
   * @param keyCount how many keys the keyring holds now (keys can be rotated at runtime)
   * @return the descriptor
   */
  public static SettingsDescriptor of(GossiperConfig config, int keyCount) {
    SwimConfig p = config.protocol();
    return new SettingsDescriptor(
        p.profile().name().toLowerCase(java.util.Locale.ROOT),
        config.clusterLabel(),
        config.bindAddress(),
        config.bindPort(),
        config.advertiseAddress(),
        config.advertisePort(),
        config.seeds(),
        config.encryptionEnabled(),
        keyCount,
        config.encryptionRequired(),
        config.verifyIncoming(),
        config.verifyOutgoing(),
        config.tcpOnly(),
        config.tcpFallbackProbe(),
        duration(p.probeInterval()),
        duration(p.probeTimeout()),
        p.indirectChecks(),
        p.suspicionMult(),
        p.suspicionMaxTimeoutMult(),
        p.awarenessMaxMultiplier(),
        p.lifeguard(),
        duration(p.gossipInterval()),
        p.gossipNodes(),
        p.retransmitMult(),
        duration(p.gossipToTheDead()),
        duration(p.pushPullInterval()),
        duration(p.tombstoneTimeout()),
        duration(p.healInterval()),
        p.maxDatagramBytes() + "B",
        p.metadataLimitBytes() + "B",
        p.maxMembers(),
        p.maxStateBytes() + "B",
        duration(config.joinBackoffInitial()),
        duration(config.joinBackoffMax()),
        duration(config.leaveTimeout()));
  }

  /** "1s", "500ms" or "1500us": the largest unit that divides the value exactly. */
  static String duration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long nanos = d.toNanos();
    if (nanos % 1_000_000_000L == 0) {
      return d.toSeconds() + "s";
    }
    if (nanos % 1_000_000L == 0) {
      return d.toMillis() + "ms";
    }
    return nanos % 1_000L == 0 ? (nanos / 1_000L) + "us" : nanos + "ns";
  }
}
