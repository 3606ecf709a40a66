package dev.swim.core.runtime;

import dev.swim.core.protocol.SwimConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link Gossiper} needs: identity, network, seeds, security and the protocol tuning.
 * Immutable; {@link Builder#build()} validates and names the setting at fault.
 *
 * <p>{@link #toString()} never prints key material.
 */
public final class GossiperConfig {

  /**
   * Room a push-pull frame keeps beside its member records (at most the protocol's {@link
   * SwimConfig#maxStateBytes()}): message header, the sender's name, frame and encryption overhead.
   * {@link #maxStreamFrameBytes()} must hold both, so that a full state is never refused by the
   * receiver.
   */
  static final int STATE_FRAME_ROOM_BYTES = 64 * 1024;

  private final String nodeName;
  private final String clusterLabel;
  private final String bindAddress;
  private final int bindPort;
  private final String advertiseAddress;
  private final int advertisePort;
  private final List<String> seeds;
  private final Map<String, String> metadata;
  private final SwimConfig protocol;
  private final List<byte[]> encryptionKeys;
  private final boolean verifyIncoming;
  private final boolean verifyOutgoing;
  private final boolean encryptionRequired;
  private final boolean tcpOnly;
  private final boolean tcpFallbackProbe;
  private final Duration joinBackoffInitial;
  private final Duration joinBackoffMax;
  private final Duration streamTimeout;
  private final int maxConcurrentStreams;
  private final int maxStreamFrameBytes;
  private final Duration leaveTimeout;

  private GossiperConfig(Builder b) {
    this.nodeName = b.nodeName;
    this.clusterLabel = b.clusterLabel;
    this.bindAddress = b.bindAddress;
    this.bindPort = b.bindPort;
    this.advertiseAddress = b.advertiseAddress;
    this.advertisePort = b.advertisePort;
    this.seeds = List.copyOf(b.seeds);
    this.metadata = Map.copyOf(b.metadata);
    this.protocol = b.protocol;
    List<byte[]> keys = new ArrayList<>();
    for (byte[] k : b.encryptionKeys) {
      keys.add(k.clone());
    }
    this.encryptionKeys = List.copyOf(keys);
    this.verifyIncoming = b.verifyIncoming;
    this.verifyOutgoing = b.verifyOutgoing;
    this.encryptionRequired = b.encryptionRequired;
    this.tcpOnly = b.tcpOnly;
    this.tcpFallbackProbe = b.tcpFallbackProbe;
    this.joinBackoffInitial = b.joinBackoffInitial;
    this.joinBackoffMax = b.joinBackoffMax;
    this.streamTimeout = b.streamTimeout;
    this.maxConcurrentStreams = b.maxConcurrentStreams;
    this.maxStreamFrameBytes = b.maxStreamFrameBytes;
    this.leaveTimeout = b.leaveTimeout;
  }

  /** A builder for the node called {@code nodeName}. */
  public static Builder builder(String nodeName) {
    return new Builder().nodeName(nodeName);
  }

  /** The unique name of this node in the cluster. */
  public String nodeName() {
    return nodeName;
  }

  /** The cluster label; packets with another label are dropped. Empty means none. */
  public String clusterLabel() {
    return clusterLabel;
  }

  /** The IP address to bind ("0.0.0.0" for all IPv4 interfaces). */
  public String bindAddress() {
    return bindAddress;
  }

  /** The UDP and TCP port to bind; 0 picks a free one. */
  public int bindPort() {
    return bindPort;
  }

  /** The address other members use to reach this one, or {@code null} to derive it. */
  public String advertiseAddress() {
    return advertiseAddress;
  }

  /** The port other members use, or 0 for the bound port. */
  public int advertisePort() {
    return advertisePort;
  }

  /** Seeds as {@code host[:port]}; a host name may resolve to many addresses. */
  public List<String> seeds() {
    return seeds;
  }

  /** This node's initial metadata. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The protocol tuning. */
  public SwimConfig protocol() {
    return protocol;
  }

  /** Copies of the AES keys; the first encrypts, all decrypt. Empty means no encryption. */
  public List<byte[]> encryptionKeys() {
    List<byte[]> copy = new ArrayList<>();
    for (byte[] k : encryptionKeys) {
      copy.add(k.clone());
    }
    return copy;
  }

  /** Whether encryption keys are configured. */
  public boolean encryptionEnabled() {
    return !encryptionKeys.isEmpty();
  }

  /** With keys: drop inbound plaintext (true), or accept it during a rollout (false). */
  public boolean verifyIncoming() {
    return verifyIncoming;
  }

  /** With keys: encrypt outbound (true), or send plaintext during a rollout (false). */
  public boolean verifyOutgoing() {
    return verifyOutgoing;
  }

  /**
   * Whether this node refuses to run without encryption: when true, {@link Builder#build()} fails
   * unless {@link #encryptionKeys() encryption keys} are set. Off by default (a node without keys
   * gossips in plaintext, with a warning when it binds a non-loopback address); turn it on wherever
   * cluster traffic crosses a network others can reach.
   */
  public boolean encryptionRequired() {
    return encryptionRequired;
  }

  /** Use no UDP at all: every datagram travels over TCP (for networks that block UDP). */
  public boolean tcpOnly() {
    return tcpOnly;
  }

  /** Probe over TCP in parallel with indirect probes when UDP pings fail. */
  public boolean tcpFallbackProbe() {
    return tcpFallbackProbe;
  }

  /** First delay between join attempts. */
  public Duration joinBackoffInitial() {
    return joinBackoffInitial;
  }

  /** Largest delay between join attempts. */
  public Duration joinBackoffMax() {
    return joinBackoffMax;
  }

  /** Connect and read timeout of one stream exchange. */
  public Duration streamTimeout() {
    return streamTimeout;
  }

  /** Most inbound streams served at once. */
  public int maxConcurrentStreams() {
    return maxConcurrentStreams;
  }

  /**
   * Largest stream frame accepted, in bytes; at least the protocol's {@link
   * SwimConfig#maxStateBytes()} plus 64 KiB, so that a full push-pull state fits one frame.
   */
  public int maxStreamFrameBytes() {
    return maxStreamFrameBytes;
  }

  /** Default bound on a graceful leave. */
  public Duration leaveTimeout() {
    return leaveTimeout;
  }

  @Override
  public String toString() {
    return "GossiperConfig[nodeName="
        + nodeName
        + ", clusterLabel="
        + clusterLabel
        + ", bind="
        + bindAddress
        + ":"
        + bindPort
        + ", advertise="
        + advertiseAddress
        + ":"
        + advertisePort
        + ", seeds="
        + seeds
        + ", encryption="
        + (encryptionKeys.isEmpty() ? "off" : encryptionKeys.size() + " key(s)")
        + (encryptionRequired ? " (required)" : "")
        + ", tcpOnly="
        + tcpOnly
        + ", protocol="
        + protocol
        + "]";
  }

  /** Mutable builder. */
  public static final class Builder {
    private String nodeName;
    private String clusterLabel = "";
    private String bindAddress = "0.0.0.0";
    private int bindPort = 7946;
    private String advertiseAddress;
    private int advertisePort;
    private List<String> seeds = new ArrayList<>();
    private Map<String, String> metadata = new LinkedHashMap<>();
    private SwimConfig protocol = SwimConfig.lan();
    private List<byte[]> encryptionKeys = new ArrayList<>();
    private boolean verifyIncoming = true;
    private boolean verifyOutgoing = true;
    private boolean encryptionRequired;
    private boolean tcpOnly;
    private boolean tcpFallbackProbe = true;
    private Duration joinBackoffInitial = Duration.ofSeconds(1);
    private Duration joinBackoffMax = Duration.ofSeconds(30);
    private Duration streamTimeout = Duration.ofSeconds(10);
    private int maxConcurrentStreams = 128;
    private int maxStreamFrameBytes = 20 * 1024 * 1024;
    private Duration leaveTimeout = Duration.ofSeconds(5);

    private Builder() {}

    /** See {@link GossiperConfig#nodeName()}. */
    public Builder nodeName(String v) {
      nodeName = v;
      return this;
    }

    /** See {@link GossiperConfig#clusterLabel()}. */
    public Builder clusterLabel(String v) {
      clusterLabel = v == null ? "" : v;
      return this;
    }

    /** See {@link GossiperConfig#bindAddress()}. */
    public Builder bindAddress(String v) {
      bindAddress = v;
      return this;
    }

    /** See {@link GossiperConfig#bindPort()}. */
    public Builder bindPort(int v) {
      bindPort = v;
      return this;
    }

    /** See {@link GossiperConfig#advertiseAddress()}. */
    public Builder advertiseAddress(String v) {
      advertiseAddress = v;
      return this;
    }

    /** See {@link GossiperConfig#advertisePort()}. */
    public Builder advertisePort(int v) {
      advertisePort = v;
      return this;
    }

    /** See {@link GossiperConfig#seeds()}. */
    public Builder seeds(List<String> v) {
      seeds = new ArrayList<>(v);
      return this;
    }

    /** See {@link GossiperConfig#metadata()}. */
    public Builder metadata(Map<String, String> v) {
      metadata = new LinkedHashMap<>(v);
      return this;
    }

    /** See {@link GossiperConfig#protocol()}. */
    public Builder protocol(SwimConfig v) {
      protocol = Objects.requireNonNull(v, "protocol");
      return this;
    }

    /** Raw AES keys of 16, 24 or 32 bytes; the first encrypts. */
    public Builder encryptionKeys(List<byte[]> v) {
      encryptionKeys = new ArrayList<>();
      for (byte[] k : v) {
        encryptionKeys.add(k.clone());
      }
      return this;
    }

    /** Base64 AES keys of 16, 24 or 32 bytes; the first encrypts. */
    public Builder encryptionKeysBase64(List<String> v) {
      List<byte[]> keys = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        byte[] k;
        try {
          k = Base64.getDecoder().decode(v.get(i).trim());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("encryptionKeys[" + i + "] is not valid base64", null);
        }
        keys.add(k);
      }
      return encryptionKeys(keys);
    }

    /** See {@link GossiperConfig#verifyIncoming()}. */
    public Builder verifyIncoming(boolean v) {
      verifyIncoming = v;
      return this;
    }

    /** See {@link GossiperConfig#verifyOutgoing()}. */
    public Builder verifyOutgoing(boolean v) {
      verifyOutgoing = v;
      return this;
    }

    /** See {@link GossiperConfig#encryptionRequired()}. */
    public Builder encryptionRequired(boolean v) {
      encryptionRequired = v;
      return this;
    }

    /** See {@link GossiperConfig#tcpOnly()}. */
    public Builder tcpOnly(boolean v) {
      tcpOnly = v;
      return this;
    }

    /** See {@link GossiperConfig#tcpFallbackProbe()}. */
    public Builder tcpFallbackProbe(boolean v) {
      tcpFallbackProbe = v;
      return this;
    }

    /** See {@link GossiperConfig#joinBackoffInitial()}. */
    public Builder joinBackoffInitial(Duration v) {
      joinBackoffInitial = v;
      return this;
    }

    /** See {@link GossiperConfig#joinBackoffMax()}. */
    public Builder joinBackoffMax(Duration v) {
      joinBackoffMax = v;
      return this;
    }

    /** See {@link GossiperConfig#streamTimeout()}. */
    public Builder streamTimeout(Duration v) {
      streamTimeout = v;
      return this;
    }

    /** See {@link GossiperConfig#maxConcurrentStreams()}. */
    public Builder maxConcurrentStreams(int v) {
      maxConcurrentStreams = v;
      return this;
    }

    /** See {@link GossiperConfig#maxStreamFrameBytes()}. */
    public Builder maxStreamFrameBytes(int v) {
      maxStreamFrameBytes = v;
      return this;
    }

    /** See {@link GossiperConfig#leaveTimeout()}. */
    public Builder leaveTimeout(Duration v) {
      leaveTimeout = v;
      return this;
    }

    /** Validates and builds; the exception message names the setting at fault. */
    public GossiperConfig build() {
      if (nodeName == null || nodeName.isBlank()) {
        throw new IllegalArgumentException("nodeName must not be empty");
      }
      if (nodeName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 128) {
        throw new IllegalArgumentException("nodeName must be at most 128 bytes");
      }
      if (clusterLabel.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
        throw new IllegalArgumentException("clusterLabel must be at most 255 bytes");
      }
      if (bindAddress == null || bindAddress.isBlank()) {
        throw new IllegalArgumentException("bindAddress must not be empty");
      }
      port("bindPort", bindPort);
      port("advertisePort", advertisePort);
      for (int i = 0; i < encryptionKeys.size(); i++) {
        int len = encryptionKeys.get(i).length;
        if (len != 16 && len != 24 && len != 32) {
          throw new IllegalArgumentException(
              "encryptionKeys["
                  + i
                  + "] must be 16, 24 or 32 bytes (AES-128/192/256), was "
                  + len
                  + " bytes");
        }
      }
      if (encryptionRequired && encryptionKeys.isEmpty()) {
        throw new IllegalArgumentException(
            "encryptionRequired is true but no encryptionKeys are set: give every member the same"
                + " keys, or turn encryptionRequired off to gossip in plaintext");
      }
      positive("joinBackoffInitial", joinBackoffInitial);
      positive("joinBackoffMax", joinBackoffMax);
      if (joinBackoffMax.compareTo(joinBackoffInitial) < 0) {
        throw new IllegalArgumentException("joinBackoffMax must be >= joinBackoffInitial");
      }
      positive("streamTimeout", streamTimeout);
      positive("leaveTimeout", leaveTimeout);
      if (maxConcurrentStreams < 1 || maxConcurrentStreams > 10_000) {
        throw new IllegalArgumentException(
            "maxConcurrentStreams must be between 1 and 10000, was " + maxConcurrentStreams);
      }
      if (maxStreamFrameBytes < 64 * 1024 || maxStreamFrameBytes > 256 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "maxStreamFrameBytes must be between 65536 and 268435456, was " + maxStreamFrameBytes);
      }
      long stateFrame = (long) protocol.maxStateBytes() + STATE_FRAME_ROOM_BYTES;
      if (stateFrame > maxStreamFrameBytes) {
        throw new IllegalArgumentException(
            "maxStateBytes ("
                + protocol.maxStateBytes()
                + ") plus "
                + STATE_FRAME_ROOM_BYTES
                + " bytes for the rest of a push-pull frame must not exceed maxStreamFrameBytes ("
                + maxStreamFrameBytes
                + "): raise maxStreamFrameBytes to at least "
                + stateFrame
                + " or lower maxStateBytes");
      }
      for (String s : seeds) {
        if (s == null || s.isBlank()) {
          throw new IllegalArgumentException("seeds must not contain an empty entry");
        }
      }
      return new GossiperConfig(this);
    }

    private static void port(String name, int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException(name + " must be between 0 and 65535, was " + p);
      }
    }

    private static void positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
      }
    }
  }
}
