package dev.swim.core.protocol;

import dev.swim.core.settings.Accessors;
import dev.swim.core.settings.InvalidSettingException;
import dev.swim.core.settings.Profile;
import dev.swim.core.settings.Setting;
import dev.swim.core.settings.SwimSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The protocol's tuning, immutable and validated. Start from a profile ({@link #lan()}, {@link
 * #wan()}, {@link #local()}) and change what you need with {@link #toBuilder()}.
 *
 * <p>Defaults and bounds come from {@link SwimSettings}; every invalid value is rejected by {@link
 * Builder#build()} with an {@link InvalidSettingException} whose message names the {@code swim.*}
 * property.
 */
public final class SwimConfig {

  /**
   * Room a datagram keeps beside the metadata for one alive update: header, the longest name (128)
   * and an IPv6 address (48), incarnation and start id (17), part framing, and a ping or ack riding
   * with it (about 100); a long cluster label takes from the piggyback room, not from this.
   */
  static final int ALIVE_ROOM_BYTES = 320;

  /** Where each protocol setting lives: one line per setting. */
  private static final Accessors<SwimConfig, Builder> ACCESSORS =
      new Accessors<>(
          List.of(
              Accessors.of(
                  SwimSettings.PROBE_INTERVAL, SwimConfig::probeInterval, Builder::probeInterval),
              Accessors.of(
                  SwimSettings.PROBE_TIMEOUT, SwimConfig::probeTimeout, Builder::probeTimeout),
              Accessors.of(
                  SwimSettings.INDIRECT_CHECKS,
                  SwimConfig::indirectChecks,
                  Builder::indirectChecks),
              Accessors.of(
                  SwimSettings.SUSPICION_MULTIPLIER,
                  SwimConfig::suspicionMult,
                  Builder::suspicionMult),
              Accessors.of(
                  SwimSettings.SUSPICION_MAX_TIMEOUT_MULTIPLIER,
                  SwimConfig::suspicionMaxTimeoutMult,
                  Builder::suspicionMaxTimeoutMult),
              Accessors.of(
                  SwimSettings.AWARENESS_MAX_MULTIPLIER,
                  SwimConfig::awarenessMaxMultiplier,
                  Builder::awarenessMaxMultiplier),
              Accessors.of(SwimSettings.LIFEGUARD, SwimConfig::lifeguard, Builder::lifeguard),
              Accessors.of(
                  SwimSettings.GOSSIP_INTERVAL,
                  SwimConfig::gossipInterval,
                  Builder::gossipInterval),
              Accessors.of(
                  SwimSettings.GOSSIP_NODES, SwimConfig::gossipNodes, Builder::gossipNodes),
              Accessors.of(
                  SwimSettings.RETRANSMIT_MULTIPLIER,
                  SwimConfig::retransmitMult,
                  Builder::retransmitMult),
              Accessors.of(
                  SwimSettings.GOSSIP_TO_THE_DEAD_TIME,
                  SwimConfig::gossipToTheDead,
                  Builder::gossipToTheDead),
              Accessors.of(
                  SwimSettings.PUSH_PULL_INTERVAL,
                  SwimConfig::pushPullInterval,
                  Builder::pushPullInterval),
              Accessors.of(
                  SwimSettings.TOMBSTONE_TIMEOUT,
                  SwimConfig::tombstoneTimeout,
                  Builder::tombstoneTimeout),
              Accessors.of(
                  SwimSettings.HEAL_INTERVAL, SwimConfig::healInterval, Builder::healInterval),
              Accessors.of(
                  SwimSettings.RECONNECT_INTERVAL,
                  SwimConfig::reconnectInterval,
                  Builder::reconnectInterval),
              Accessors.of(
                  SwimSettings.RECONNECT_TIMEOUT,
                  SwimConfig::reconnectTimeout,
                  Builder::reconnectTimeout),
              Accessors.of(
                  SwimSettings.MAX_DATAGRAM_SIZE,
                  SwimConfig::maxDatagramBytes,
                  Builder::maxDatagramBytes),
              Accessors.of(
                  SwimSettings.DATAGRAM_OVERHEAD,
                  SwimConfig::datagramOverheadBytes,
                  Builder::datagramOverheadBytes),
              Accessors.of(
                  SwimSettings.MAX_METADATA_SIZE,
                  SwimConfig::metadataLimitBytes,
                  Builder::metadataLimitBytes),
              Accessors.of(
                  SwimSettings.MAX_USER_EVENT_SIZE,
                  SwimConfig::userEventLimitBytes,
                  Builder::userEventLimitBytes),
              Accessors.of(
                  SwimSettings.USER_EVENT_SHARE,
                  SwimConfig::userEventShareBytes,
                  Builder::userEventShareBytes),
              Accessors.of(SwimSettings.MAX_MEMBERS, SwimConfig::maxMembers, Builder::maxMembers),
              Accessors.of(
                  SwimSettings.MAX_STATE_SIZE, SwimConfig::maxStateBytes, Builder::maxStateBytes)));

  /** Whether {@code setting} is one of the protocol's (the rest are the runtime's). */
  public static boolean isProtocolSetting(Setting<?> setting) {
    return setting == SwimSettings.PROFILE || ACCESSORS.has(setting);
  }

  /** The value of a protocol setting. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    if (setting == SwimSettings.PROFILE) {
      return (T) profile;
    }
    return ACCESSORS.get(this, setting);
  }

  private final Profile profile;
  private final Duration probeInterval;
  private final Duration probeTimeout;
  private final int indirectChecks;
  private final int suspicionMult;
  private final int suspicionMaxTimeoutMult;
  private final int awarenessMaxMultiplier;
  private final boolean lifeguard;
  private final Duration gossipInterval;
  private final int gossipNodes;
  private final int retransmitMult;
  private final Duration gossipToTheDead;
  private final Duration pushPullInterval;
  private final Duration tombstoneTimeout;
  private final Duration healInterval;
  private final Duration reconnectInterval;
  private final Duration reconnectTimeout;
  private final int maxDatagramBytes;
  private final int datagramOverheadBytes;
  private final int metadataLimitBytes;
  private final int userEventLimitBytes;
  private final int userEventShareBytes;
  private final int maxMembers;
  private final int maxStateBytes;

  private SwimConfig(Builder b) {
    this.profile = b.profile;
    this.probeInterval = b.probeInterval;
    this.probeTimeout = b.probeTimeout;
    this.indirectChecks = b.indirectChecks;
    this.suspicionMult = b.suspicionMult;
    this.suspicionMaxTimeoutMult = b.suspicionMaxTimeoutMult;
    this.awarenessMaxMultiplier = b.awarenessMaxMultiplier;
    this.lifeguard = b.lifeguard;
    this.gossipInterval = b.gossipInterval;
    this.gossipNodes = b.gossipNodes;
    this.retransmitMult = b.retransmitMult;
    this.gossipToTheDead = b.gossipToTheDead;
    this.pushPullInterval = b.pushPullInterval;
    this.tombstoneTimeout = b.tombstoneTimeout;
    this.healInterval = b.healInterval;
    this.reconnectInterval = b.reconnectInterval;
    this.reconnectTimeout = b.reconnectTimeout;
    this.maxDatagramBytes = b.maxDatagramBytes;
    this.datagramOverheadBytes = b.datagramOverheadBytes;
    this.metadataLimitBytes = b.metadataLimitBytes;
    this.userEventLimitBytes = b.userEventLimitBytes;
    this.userEventShareBytes = b.userEventShareBytes;
    this.maxMembers = b.maxMembers;
    this.maxStateBytes = b.maxStateBytes;
  }

  /** memberlist's DefaultLANConfig timings. */
  public static SwimConfig lan() {
    return builder(Profile.LAN).build();
  }

  /** memberlist's DefaultWANConfig timings. */
  public static SwimConfig wan() {
    return builder(Profile.WAN).build();
  }

  /** memberlist's DefaultLocalConfig timings. */
  public static SwimConfig local() {
    return builder(Profile.LOCAL).build();
  }

  /** The defaults of {@code profile}. */
  public static SwimConfig of(Profile profile) {
    return builder(profile).build();
  }

  /** A builder preset with {@code profile}'s values. */
  public static Builder builder(Profile profile) {
    return new Builder(profile);
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder(profile);
    b.probeInterval = probeInterval;
    b.probeTimeout = probeTimeout;
    b.indirectChecks = indirectChecks;
    b.suspicionMult = suspicionMult;
    b.suspicionMaxTimeoutMult = suspicionMaxTimeoutMult;
    b.awarenessMaxMultiplier = awarenessMaxMultiplier;
    b.lifeguard = lifeguard;
    b.gossipInterval = gossipInterval;
    b.gossipNodes = gossipNodes;
    b.retransmitMult = retransmitMult;
    b.gossipToTheDead = gossipToTheDead;
    b.pushPullInterval = pushPullInterval;
    b.tombstoneTimeout = tombstoneTimeout;
    b.healInterval = healInterval;
    b.reconnectInterval = reconnectInterval;
    b.reconnectTimeout = reconnectTimeout;
    b.maxDatagramBytes = maxDatagramBytes;
    b.datagramOverheadBytes = datagramOverheadBytes;
    b.metadataLimitBytes = metadataLimitBytes;
    b.userEventLimitBytes = userEventLimitBytes;
    b.userEventShareBytes = userEventShareBytes;
    b.maxMembers = maxMembers;
    b.maxStateBytes = maxStateBytes;
    return b;
  }

  /** The profile these values started from. */
  public Profile profile() {
    return profile;
  }

  /** Time between probe rounds (T), before Lifeguard's local-health stretch. */
  public Duration probeInterval() {
    return probeInterval;
  }

  /** How long a direct ping waits for its ack before going indirect. */
  public Duration probeTimeout() {
    return probeTimeout;
  }

  /** How many helpers a ping-req goes through (k). */
  public int indirectChecks() {
    return indirectChecks;
  }

  /** The suspicion multiplier (alpha): min timeout = alpha x max(1, log10 N) x T. */
  public int suspicionMult() {
    return suspicionMult;
  }

  /** The max suspicion timeout as a multiple of the min (beta). */
  public int suspicionMaxTimeoutMult() {
    return suspicionMaxTimeoutMult;
  }

  /** Lifeguard's local-health saturation: the probe interval stretches up to this multiple. */
  public int awarenessMaxMultiplier() {
    return awarenessMaxMultiplier;
  }

  /**
   * Whether the Lifeguard extensions are on (local health, nacks, confirmation-driven suspicion).
   * Off gives plain SWIM: no local health, no nacks, and a fixed suspicion timeout of the minimum;
   * kept for comparison.
   */
  public boolean lifeguard() {
    return lifeguard;
  }

  /** Time between gossip rounds (one "round" in dissemination figures). */
  public Duration gossipInterval() {
    return gossipInterval;
  }

  /** How many random members each gossip round sends to. */
  public int gossipNodes() {
    return gossipNodes;
  }

  /** Each update is sent at most retransmitMult x ceil(log10(N+1)) times by each member. */
  public int retransmitMult() {
    return retransmitMult;
  }

  /** How long DEAD members still receive gossip so a wrongly killed member learns and refutes. */
  public Duration gossipToTheDead() {
    return gossipToTheDead;
  }

  /** Base period of full-state push-pull anti-entropy; scaled up above 32 members. */
  public Duration pushPullInterval() {
    return pushPullInterval;
  }

  /** How long DEAD and LEFT members are kept as tombstones before they are reaped (REMOVED). */
  public Duration tombstoneTimeout() {
    return tombstoneTimeout;
  }

  /** How often seeds and recently dead members are contacted again so partitions heal. */
  public Duration healInterval() {
    return healInterval;
  }

  /** See {@link SwimSettings#RECONNECT_INTERVAL}. */
  public Duration reconnectInterval() {
    return reconnectInterval;
  }

  /** See {@link SwimSettings#RECONNECT_TIMEOUT}. */
  public Duration reconnectTimeout() {
    return reconnectTimeout;
  }

  /** The datagram budget in bytes, including encryption overhead. */
  public int maxDatagramBytes() {
    return maxDatagramBytes;
  }

  /**
   * Extra bytes of the datagram budget to keep free beyond what the transport itself adds (the
   * transport's own overhead, e.g. 33 bytes for AES-GCM, is always subtracted); for tunnels.
   */
  public int datagramOverheadBytes() {
    return datagramOverheadBytes;
  }

  /** The largest encoded metadata a member may carry. */
  public int metadataLimitBytes() {
    return metadataLimitBytes;
  }

  /** The largest user-event payload. */
  public int userEventLimitBytes() {
    return userEventLimitBytes;
  }

  /** Bytes of each datagram reserved for user events (membership updates get the rest). */
  public int userEventShareBytes() {
    return userEventShareBytes;
  }

  /**
   * The most members (tombstones and this node included) the table holds; beyond it new members are
   * refused and counted, and a push-pull state with more records is refused whole.
   */
  public int maxMembers() {
    return maxMembers;
  }

  /**
   * The most bytes of member records one push-pull state carries; beyond it the least important
   * records (tombstones first, then suspects) are left out of that exchange and counted. Kept below
   * the transport's stream frame limit.
   */
  public int maxStateBytes() {
    return maxStateBytes;
  }

  @Override
  public String toString() {
    return "SwimConfig[profile="
        + profile
        + ", probeInterval="
        + probeInterval
        + ", probeTimeout="
        + probeTimeout
        + ", indirectChecks="
        + indirectChecks
        + ", suspicionMult="
        + suspicionMult
        + ", suspicionMaxTimeoutMult="
        + suspicionMaxTimeoutMult
        + ", gossipInterval="
        + gossipInterval
        + ", gossipNodes="
        + gossipNodes
        + ", retransmitMult="
        + retransmitMult
        + ", pushPullInterval="
        + pushPullInterval
        + ", lifeguard="
        + lifeguard
        + "]";
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private final Profile profile;
    private Duration probeInterval;
    private Duration probeTimeout;
    private int indirectChecks;
    private int suspicionMult;
    private int suspicionMaxTimeoutMult;
    private int awarenessMaxMultiplier;
    private boolean lifeguard;
    private Duration gossipInterval;
    private int gossipNodes;
    private int retransmitMult;
    private Duration gossipToTheDead;
    private Duration pushPullInterval;
    private Duration tombstoneTimeout;
    private Duration healInterval;
    private Duration reconnectInterval;
    private Duration reconnectTimeout;
    private int maxDatagramBytes;
    private int datagramOverheadBytes;
    private int metadataLimitBytes;
    private int userEventLimitBytes;
    private int userEventShareBytes;
    private int maxMembers;
    private int maxStateBytes;

    private Builder(Profile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      probeInterval = SwimSettings.PROBE_INTERVAL.defaultFor(profile);
      probeTimeout = SwimSettings.PROBE_TIMEOUT.defaultFor(profile);
      indirectChecks = SwimSettings.INDIRECT_CHECKS.defaultFor(profile);
      suspicionMult = SwimSettings.SUSPICION_MULTIPLIER.defaultFor(profile);
      suspicionMaxTimeoutMult = SwimSettings.SUSPICION_MAX_TIMEOUT_MULTIPLIER.defaultFor(profile);
      awarenessMaxMultiplier = SwimSettings.AWARENESS_MAX_MULTIPLIER.defaultFor(profile);
      lifeguard = SwimSettings.LIFEGUARD.defaultFor(profile);
      gossipInterval = SwimSettings.GOSSIP_INTERVAL.defaultFor(profile);
      gossipNodes = SwimSettings.GOSSIP_NODES.defaultFor(profile);
      retransmitMult = SwimSettings.RETRANSMIT_MULTIPLIER.defaultFor(profile);
      gossipToTheDead = SwimSettings.GOSSIP_TO_THE_DEAD_TIME.defaultFor(profile);
      pushPullInterval = SwimSettings.PUSH_PULL_INTERVAL.defaultFor(profile);
      tombstoneTimeout = SwimSettings.TOMBSTONE_TIMEOUT.defaultFor(profile);
      healInterval = SwimSettings.HEAL_INTERVAL.defaultFor(profile);
      reconnectInterval = SwimSettings.RECONNECT_INTERVAL.defaultFor(profile);
      reconnectTimeout = SwimSettings.RECONNECT_TIMEOUT.defaultFor(profile);
      maxDatagramBytes = SwimSettings.MAX_DATAGRAM_SIZE.defaultFor(profile);
      datagramOverheadBytes = SwimSettings.DATAGRAM_OVERHEAD.defaultFor(profile);
      metadataLimitBytes = SwimSettings.MAX_METADATA_SIZE.defaultFor(profile);
      userEventLimitBytes = SwimSettings.MAX_USER_EVENT_SIZE.defaultFor(profile);
      userEventShareBytes = SwimSettings.USER_EVENT_SHARE.defaultFor(profile);
      maxMembers = SwimSettings.MAX_MEMBERS.defaultFor(profile);
      maxStateBytes = SwimSettings.MAX_STATE_SIZE.defaultFor(profile);
    }

    /** See {@link SwimConfig#probeInterval()}. */
    public Builder probeInterval(Duration v) {
      probeInterval = v;
      return this;
    }

    /** See {@link SwimConfig#probeTimeout()}. */
    public Builder probeTimeout(Duration v) {
      probeTimeout = v;
      return this;
    }

    /** See {@link SwimConfig#indirectChecks()}. */
    public Builder indirectChecks(int v) {
      indirectChecks = v;
      return this;
    }

    /** See {@link SwimConfig#suspicionMult()}. */
    public Builder suspicionMult(int v) {
      suspicionMult = v;
      return this;
    }

    /** See {@link SwimConfig#suspicionMaxTimeoutMult()}. */
    public Builder suspicionMaxTimeoutMult(int v) {
      suspicionMaxTimeoutMult = v;
      return this;
    }

    /** See {@link SwimConfig#awarenessMaxMultiplier()}. */
    public Builder awarenessMaxMultiplier(int v) {
      awarenessMaxMultiplier = v;
      return this;
    }

    /** See {@link SwimConfig#lifeguard()}. */
    public Builder lifeguard(boolean v) {
      lifeguard = v;
      return this;
    }

    /** See {@link SwimConfig#gossipInterval()}. */
    public Builder gossipInterval(Duration v) {
      gossipInterval = v;
      return this;
    }

    /** See {@link SwimConfig#gossipNodes()}. */
    public Builder gossipNodes(int v) {
      gossipNodes = v;
      return this;
    }

    /** See {@link SwimConfig#retransmitMult()}. */
    public Builder retransmitMult(int v) {
      retransmitMult = v;
      return this;
    }

    /** See {@link SwimConfig#gossipToTheDead()}. */
    public Builder gossipToTheDead(Duration v) {
      gossipToTheDead = v;
      return this;
    }

    /** See {@link SwimConfig#pushPullInterval()}. */
    public Builder pushPullInterval(Duration v) {
      pushPullInterval = v;
      return this;
    }

    /** See {@link SwimConfig#tombstoneTimeout()}. */
    public Builder tombstoneTimeout(Duration v) {
      tombstoneTimeout = v;
      return this;
    }

    /** See {@link SwimConfig#healInterval()}. */
    public Builder healInterval(Duration v) {
      healInterval = v;
      return this;
    }

    /** See {@link SwimConfig#reconnectInterval()}. */
    public Builder reconnectInterval(Duration v) {
      reconnectInterval = v;
      return this;
    }

    /** See {@link SwimConfig#reconnectTimeout()}. */
    public Builder reconnectTimeout(Duration v) {
      reconnectTimeout = v;
      return this;
    }

    /** See {@link SwimConfig#maxDatagramBytes()}. */
    public Builder maxDatagramBytes(int v) {
      maxDatagramBytes = v;
      return this;
    }

    /** See {@link SwimConfig#datagramOverheadBytes()}. */
    public Builder datagramOverheadBytes(int v) {
      datagramOverheadBytes = v;
      return this;
    }

    /** See {@link SwimConfig#metadataLimitBytes()}. */
    public Builder metadataLimitBytes(int v) {
      metadataLimitBytes = v;
      return this;
    }

    /** See {@link SwimConfig#userEventLimitBytes()}. */
    public Builder userEventLimitBytes(int v) {
      userEventLimitBytes = v;
      return this;
    }

    /** See {@link SwimConfig#userEventShareBytes()}. */
    public Builder userEventShareBytes(int v) {
      userEventShareBytes = v;
      return this;
    }

    /** See {@link SwimConfig#maxMembers()}. */
    public Builder maxMembers(int v) {
      maxMembers = v;
      return this;
    }

    /** See {@link SwimConfig#maxStateBytes()}. */
    public Builder maxStateBytes(int v) {
      maxStateBytes = v;
      return this;
    }

    /** Sets a protocol setting (not the profile: start from {@link SwimConfig#builder}). */
    public <T> Builder set(Setting<T> setting, T value) {
      ACCESSORS.set(this, setting, value);
      return this;
    }

    /**
     * Validates every value and builds the config.
     *
     * @throws InvalidSettingException naming the {@code swim.*} property at fault
     */
    public SwimConfig build() {
      SwimSettings.PROBE_INTERVAL.check(probeInterval);
      SwimSettings.PROBE_TIMEOUT.check(probeTimeout);
      if (probeTimeout.compareTo(probeInterval) >= 0) {
        throw SwimSettings.PROBE_TIMEOUT.invalidAgainst(
            probeTimeout, "less than", SwimSettings.PROBE_INTERVAL, probeInterval);
      }
      SwimSettings.INDIRECT_CHECKS.check(indirectChecks);
      SwimSettings.SUSPICION_MULTIPLIER.check(suspicionMult);
      SwimSettings.SUSPICION_MAX_TIMEOUT_MULTIPLIER.check(suspicionMaxTimeoutMult);
      SwimSettings.AWARENESS_MAX_MULTIPLIER.check(awarenessMaxMultiplier);
      SwimSettings.GOSSIP_INTERVAL.check(gossipInterval);
      SwimSettings.GOSSIP_NODES.check(gossipNodes);
      SwimSettings.RETRANSMIT_MULTIPLIER.check(retransmitMult);
      SwimSettings.GOSSIP_TO_THE_DEAD_TIME.check(gossipToTheDead);
      SwimSettings.PUSH_PULL_INTERVAL.check(pushPullInterval);
      SwimSettings.TOMBSTONE_TIMEOUT.check(tombstoneTimeout);
      SwimSettings.HEAL_INTERVAL.check(healInterval);
      SwimSettings.RECONNECT_INTERVAL.check(reconnectInterval);
      SwimSettings.RECONNECT_TIMEOUT.check(reconnectTimeout);
      SwimSettings.MAX_DATAGRAM_SIZE.check(maxDatagramBytes);
      SwimSettings.DATAGRAM_OVERHEAD.check(datagramOverheadBytes);
      SwimSettings.MAX_METADATA_SIZE.check(metadataLimitBytes);
      SwimSettings.MAX_USER_EVENT_SIZE.check(userEventLimitBytes);
      SwimSettings.USER_EVENT_SHARE.check(userEventShareBytes);
      if (userEventShareBytes > maxDatagramBytes / 2) {
        throw SwimSettings.USER_EVENT_SHARE.invalid(
            "must be at most half of "
                + SwimSettings.MAX_DATAGRAM_SIZE.property()
                + " ("
                + maxDatagramBytes / 2
                + "B), was "
                + userEventShareBytes
                + "B");
      }
      int metadataRoom = maxDatagramBytes - datagramOverheadBytes - ALIVE_ROOM_BYTES;
      if (metadataLimitBytes > metadataRoom) {
        throw SwimSettings.MAX_METADATA_SIZE.invalid(
            "must be at most "
                + metadataRoom
                + "B so that one member's alive update fits a datagram ("
                + SwimSettings.MAX_DATAGRAM_SIZE.property()
                + " "
                + maxDatagramBytes
                + "B less "
                + SwimSettings.DATAGRAM_OVERHEAD.property()
                + " "
                + datagramOverheadBytes
                + "B less "
                + ALIVE_ROOM_BYTES
                + "B for the name, address, header and a ping), was "
                + metadataLimitBytes
                + "B");
      }
      SwimSettings.MAX_MEMBERS.check(maxMembers);
      SwimSettings.MAX_STATE_SIZE.check(maxStateBytes);
      return new SwimConfig(this);
    }
  }
}
