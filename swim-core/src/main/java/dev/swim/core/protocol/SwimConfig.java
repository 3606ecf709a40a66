package dev.swim.core.protocol;

import java.time.Duration;
import java.util.Objects;

/**
 * The protocol's tuning, immutable and validated. Start from a profile ({@link #lan()}, {@link
 * #wan()}, {@link #local()}) and change what you need with {@link #toBuilder()}.
 *
 * <p>Every invalid value is rejected by {@link Builder#build()} with an {@link
 * IllegalArgumentException} whose message names the setting.
 */
public final class SwimConfig {

  /** The named starting points, with memberlist's DefaultLAN/WAN/LocalConfig values. */
  public enum Profile {
    /** A data-centre network: 1 s probes, 500 ms timeout. The default. */
    LAN,
    /** Across regions: 5 s probes, 3 s timeout, longer suspicion. */
    WAN,
    /** One host or loopback: 1 s probes, 200 ms timeout, quick gossip. */
    LOCAL
  }

  /** Default of {@link #maxMembers()}. */
  public static final int DEFAULT_MAX_MEMBERS = 100_000;

  /** Default of {@link #maxStateBytes()}: 16 MiB, below the default 20 MiB stream frame. */
  public static final int DEFAULT_MAX_STATE_BYTES = 16 * 1024 * 1024;

  /**
   * Room a datagram keeps beside the metadata for one alive update: header, the longest name (128)
   * and an IPv6 address (48), incarnation and start id (17), part framing, and a ping or ack riding
   * with it (about 100); a long cluster label takes from the piggyback room, not from this.
   */
  static final int ALIVE_ROOM_BYTES = 320;

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
    private int suspicionMaxTimeoutMult = 6;
    private int awarenessMaxMultiplier = 8;
    private boolean lifeguard = true;
    private Duration gossipInterval;
    private int gossipNodes;
    private int retransmitMult;
    private Duration gossipToTheDead;
    private Duration pushPullInterval;
    private Duration tombstoneTimeout;
    private Duration healInterval;
    private int maxDatagramBytes = 1400;
    private int datagramOverheadBytes = 0;
    private int metadataLimitBytes = 512;
    private int userEventLimitBytes = 512;
    private int userEventShareBytes = 640;
    private int maxMembers = DEFAULT_MAX_MEMBERS;
    private int maxStateBytes = DEFAULT_MAX_STATE_BYTES;

    private Builder(Profile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      switch (profile) {
        case LAN -> {
          probeInterval = Duration.ofSeconds(1);
          probeTimeout = Duration.ofMillis(500);
          indirectChecks = 3;
          suspicionMult = 4;
          gossipInterval = Duration.ofMillis(200);
          gossipNodes = 3;
          retransmitMult = 4;
          gossipToTheDead = Duration.ofSeconds(30);
          pushPullInterval = Duration.ofSeconds(30);
          tombstoneTimeout = Duration.ofSeconds(60);
          healInterval = Duration.ofSeconds(10);
        }
        case WAN -> {
          probeInterval = Duration.ofSeconds(5);
          probeTimeout = Duration.ofSeconds(3);
          indirectChecks = 3;
          suspicionMult = 6;
          gossipInterval = Duration.ofMillis(500);
          gossipNodes = 4;
          retransmitMult = 4;
          gossipToTheDead = Duration.ofMinutes(1);
          pushPullInterval = Duration.ofMinutes(1);
          tombstoneTimeout = Duration.ofMinutes(2);
          healInterval = Duration.ofSeconds(30);
        }
        case LOCAL -> {
          probeInterval = Duration.ofSeconds(1);
          probeTimeout = Duration.ofMillis(200);
          indirectChecks = 1;
          suspicionMult = 3;
          gossipInterval = Duration.ofMillis(100);
          gossipNodes = 3;
          retransmitMult = 2;
          gossipToTheDead = Duration.ofSeconds(15);
          pushPullInterval = Duration.ofSeconds(15);
          tombstoneTimeout = Duration.ofSeconds(30);
          healInterval = Duration.ofSeconds(5);
        }
        default -> throw new IllegalArgumentException("unknown profile " + profile);
      }
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

    /** Validates every value and builds the config. */
    public SwimConfig build() {
      positive("probeInterval", probeInterval);
      positive("probeTimeout", probeTimeout);
      if (probeTimeout.compareTo(probeInterval) >= 0) {
        throw new IllegalArgumentException(
            "probeTimeout ("
                + probeTimeout.toMillis()
                + " ms) must be less than probeInterval ("
                + probeInterval.toMillis()
                + " ms)");
      }
      range("indirectChecks", indirectChecks, 0, 16);
      range("suspicionMult", suspicionMult, 1, 100);
      range("suspicionMaxTimeoutMult", suspicionMaxTimeoutMult, 1, 100);
      range("awarenessMaxMultiplier", awarenessMaxMultiplier, 1, 64);
      positive("gossipInterval", gossipInterval);
      range("gossipNodes", gossipNodes, 0, 64);
      range("retransmitMult", retransmitMult, 1, 100);
      notNegative("gossipToTheDead", gossipToTheDead);
      positive("pushPullInterval", pushPullInterval);
      notNegative("tombstoneTimeout", tombstoneTimeout);
      positive("healInterval", healInterval);
      range("maxDatagramBytes", maxDatagramBytes, 512, 65_000);
      range("datagramOverheadBytes", datagramOverheadBytes, 0, 256);
      range("metadataLimitBytes", metadataLimitBytes, 0, 64 * 1024);
      range("userEventLimitBytes", userEventLimitBytes, 1, 9 * 1024);
      range("userEventShareBytes", userEventShareBytes, 0, maxDatagramBytes / 2);
      int metadataRoom = maxDatagramBytes - datagramOverheadBytes - ALIVE_ROOM_BYTES;
      if (metadataLimitBytes > metadataRoom) {
        throw new IllegalArgumentException(
            "metadataLimitBytes must be at most "
                + metadataRoom
                + " so that one member's alive update fits a datagram (maxDatagramBytes "
                + maxDatagramBytes
                + " less datagramOverheadBytes "
                + datagramOverheadBytes
                + " less "
                + ALIVE_ROOM_BYTES
                + " for the name, address, header and a ping), was "
                + metadataLimitBytes);
      }
      range("maxMembers", maxMembers, 2, 10_000_000);
      range("maxStateBytes", maxStateBytes, 64 * 1024, 256 * 1024 * 1024);
      return new SwimConfig(this);
    }

    private static void positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
      }
    }

    private static void notNegative(String name, Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
    }

    private static void range(String name, int v, int min, int max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", was " + v);
      }
    }
  }
}
