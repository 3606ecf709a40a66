package dev.swim.core.runtime;

import dev.swim.core.protocol.Limits;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.settings.Accessors;
import dev.swim.core.settings.InvalidSettingException;
import dev.swim.core.settings.Profile;
import dev.swim.core.settings.Setting;
import dev.swim.core.settings.SwimSettings;
import dev.swim.core.wire.WireCodec;
import java.nio.charset.StandardCharsets;
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

  private GossiperConfig(Builder b, SwimConfig protocol) {
    this.nodeName = b.nodeName;
    this.clusterLabel = b.clusterLabel;
    this.bindAddress = b.bindAddress;
    this.bindPort = b.bindPort;
    this.advertiseAddress = b.advertiseAddress;
    this.advertisePort = b.advertisePort;
    this.seeds = List.copyOf(b.seeds);
    this.metadata = Map.copyOf(b.metadata);
    this.protocol = protocol;
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

  /** Where each runtime setting lives: one line per setting. */
  private static final Accessors<GossiperConfig, Builder> RUNTIME =
      new Accessors<>(
          List.of(
              Accessors.of(SwimSettings.NODE_NAME, GossiperConfig::nodeName, Builder::nodeName),
              Accessors.of(
                  SwimSettings.CLUSTER_LABEL, GossiperConfig::clusterLabel, Builder::clusterLabel),
              Accessors.of(
                  SwimSettings.BIND_ADDRESS, GossiperConfig::bindAddress, Builder::bindAddress),
              Accessors.of(SwimSettings.BIND_PORT, GossiperConfig::bindPort, Builder::bindPort),
              Accessors.of(
                  SwimSettings.ADVERTISE_ADDRESS,
                  GossiperConfig::advertiseAddress,
                  Builder::advertiseAddress),
              Accessors.of(
                  SwimSettings.ADVERTISE_PORT,
                  GossiperConfig::advertisePort,
                  Builder::advertisePort),
              Accessors.of(SwimSettings.SEEDS, GossiperConfig::seeds, Builder::seeds),
              Accessors.of(SwimSettings.METADATA, GossiperConfig::metadata, Builder::metadata),
              Accessors.of(
                  SwimSettings.JOIN_RETRY_INTERVAL,
                  GossiperConfig::joinBackoffInitial,
                  Builder::joinBackoffInitial),
              Accessors.of(
                  SwimSettings.JOIN_MAX_RETRY_INTERVAL,
                  GossiperConfig::joinBackoffMax,
                  Builder::joinBackoffMax),
              Accessors.of(
                  SwimSettings.LEAVE_TIMEOUT, GossiperConfig::leaveTimeout, Builder::leaveTimeout),
              Accessors.of(
                  SwimSettings.ENCRYPTION_KEYS,
                  GossiperConfig::encryptionKeysBase64,
                  Builder::encryptionKeysBase64),
              Accessors.of(
                  SwimSettings.VERIFY_INCOMING,
                  GossiperConfig::verifyIncoming,
                  Builder::verifyIncoming),
              Accessors.of(
                  SwimSettings.VERIFY_OUTGOING,
                  GossiperConfig::verifyOutgoing,
                  Builder::verifyOutgoing),
              Accessors.of(
                  SwimSettings.ENCRYPTION_REQUIRED,
                  GossiperConfig::encryptionRequired,
                  Builder::encryptionRequired),
              Accessors.of(SwimSettings.TCP_ONLY, GossiperConfig::tcpOnly, Builder::tcpOnly),
              Accessors.of(
                  SwimSettings.TCP_FALLBACK_PROBE,
                  GossiperConfig::tcpFallbackProbe,
                  Builder::tcpFallbackProbe),
              Accessors.of(
                  SwimSettings.STREAM_TIMEOUT,
                  GossiperConfig::streamTimeout,
                  Builder::streamTimeout),
              Accessors.of(
                  SwimSettings.MAX_CONCURRENT_STREAMS,
                  GossiperConfig::maxConcurrentStreams,
                  Builder::maxConcurrentStreams),
              Accessors.of(
                  SwimSettings.MAX_STREAM_FRAME_SIZE,
                  GossiperConfig::maxStreamFrameBytes,
                  Builder::maxStreamFrameBytes)));

  /**
   * The value of any setting of {@link SwimSettings}. The keys of {@code swim.encryption.keys} come
   * back base64-encoded: report {@link Setting#secret() secret} settings by their size only.
   */
  public <T> T get(Setting<T> setting) {
    return SwimConfig.isProtocolSetting(setting)
        ? protocol.get(setting)
        : RUNTIME.get(this, setting);
  }

  private List<String> encryptionKeysBase64() {
    List<String> out = new ArrayList<>();
    for (byte[] k : encryptionKeys) {
      out.add(Base64.getEncoder().encodeToString(k));
    }
    return out;
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
    private String clusterLabel = SwimSettings.CLUSTER_LABEL.defaultFor(Profile.LAN);
    private String bindAddress = SwimSettings.BIND_ADDRESS.defaultFor(Profile.LAN);
    private int bindPort = SwimSettings.BIND_PORT.defaultFor(Profile.LAN);
    private String advertiseAddress;
    private int advertisePort = SwimSettings.ADVERTISE_PORT.defaultFor(Profile.LAN);
    private List<String> seeds = new ArrayList<>();
    private Map<String, String> metadata = new LinkedHashMap<>();
    private SwimConfig.Builder protocol = SwimConfig.builder(Profile.LAN);
    private List<byte[]> encryptionKeys = new ArrayList<>();
    private boolean verifyIncoming = SwimSettings.VERIFY_INCOMING.defaultFor(Profile.LAN);
    private boolean verifyOutgoing = SwimSettings.VERIFY_OUTGOING.defaultFor(Profile.LAN);
    private boolean encryptionRequired = SwimSettings.ENCRYPTION_REQUIRED.defaultFor(Profile.LAN);
    private boolean tcpOnly = SwimSettings.TCP_ONLY.defaultFor(Profile.LAN);
    private boolean tcpFallbackProbe = SwimSettings.TCP_FALLBACK_PROBE.defaultFor(Profile.LAN);
    private Duration joinBackoffInitial = SwimSettings.JOIN_RETRY_INTERVAL.defaultFor(Profile.LAN);
    private Duration joinBackoffMax = SwimSettings.JOIN_MAX_RETRY_INTERVAL.defaultFor(Profile.LAN);
    private Duration streamTimeout = SwimSettings.STREAM_TIMEOUT.defaultFor(Profile.LAN);
    private int maxConcurrentStreams = SwimSettings.MAX_CONCURRENT_STREAMS.defaultFor(Profile.LAN);
    private int maxStreamFrameBytes = SwimSettings.MAX_STREAM_FRAME_SIZE.defaultFor(Profile.LAN);
    private Duration leaveTimeout = SwimSettings.LEAVE_TIMEOUT.defaultFor(Profile.LAN);

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
      protocol = Objects.requireNonNull(v, "protocol").toBuilder();
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
          throw new InvalidSettingException(
              SwimSettings.ENCRYPTION_KEYS,
              SwimSettings.ENCRYPTION_KEYS.property() + "[" + i + "] is not valid base64");
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

    /**
     * Starts over from {@code profile}'s defaults: the protocol's, and the runtime settings whose
     * default depends on the profile (such as {@code swim.encryption.required}). Call it first.
     */
    public Builder profile(Profile profile) {
      protocol = SwimConfig.builder(profile);
      for (Setting<?> s : SwimSettings.ALL) {
        if (RUNTIME.has(s) && s.profileDependent()) {
          setDefault(s, profile);
        }
      }
      return this;
    }

    private <T> void setDefault(Setting<T> s, Profile profile) {
      RUNTIME.set(this, s, s.defaultFor(profile));
    }

    /** Sets any setting of {@link SwimSettings}; {@code swim.profile} starts over (see there). */
    public <T> Builder set(Setting<T> setting, T value) {
      if (setting == SwimSettings.PROFILE) {
        return profile((Profile) value);
      }
      if (SwimConfig.isProtocolSetting(setting)) {
        protocol.set(setting, value);
      } else {
        RUNTIME.set(this, setting, value);
      }
      return this;
    }

    /** Validates and builds; the exception message names the setting at fault. */
    public GossiperConfig build() {
      SwimConfig protocol = this.protocol.build();
      if (nodeName == null || !Limits.validName(nodeName)) {
        throw SwimSettings.NODE_NAME.invalid(
            "must be 1 to "
                + Limits.MAX_NAME_BYTES
                + " bytes of UTF-8 without control characters, was "
                + (nodeName == null || nodeName.isEmpty()
                    ? "empty"
                    : nodeName.getBytes(StandardCharsets.UTF_8).length
                        + " bytes"
                        + (nodeName.chars().anyMatch(Character::isISOControl)
                            ? " with control characters"
                            : "")));
      }
      if (clusterLabel.getBytes(StandardCharsets.UTF_8).length > 255) {
        throw SwimSettings.CLUSTER_LABEL.invalid("must be at most 255 bytes of UTF-8");
      }
      if (bindAddress == null || bindAddress.isBlank()) {
        throw SwimSettings.BIND_ADDRESS.invalid("must not be empty");
      }
      SwimSettings.BIND_PORT.check(bindPort);
      SwimSettings.ADVERTISE_PORT.check(advertisePort);
      for (int i = 0; i < encryptionKeys.size(); i++) {
        int len = encryptionKeys.get(i).length;
        if (len != 16 && len != 24 && len != 32) {
          throw new InvalidSettingException(
              SwimSettings.ENCRYPTION_KEYS,
              SwimSettings.ENCRYPTION_KEYS.property()
                  + "["
                  + i
                  + "] must be 16, 24 or 32 bytes (AES-128/192/256), was "
                  + len
                  + " bytes");
        }
      }
      if (encryptionRequired && encryptionKeys.isEmpty()) {
        throw SwimSettings.ENCRYPTION_REQUIRED.invalid(
            "is true but no "
                + SwimSettings.ENCRYPTION_KEYS.property()
                + " are set: give every member the same keys, or turn "
                + SwimSettings.ENCRYPTION_REQUIRED.property()
                + " off to gossip in plaintext");
      }
      SwimSettings.JOIN_RETRY_INTERVAL.check(joinBackoffInitial);
      SwimSettings.JOIN_MAX_RETRY_INTERVAL.check(joinBackoffMax);
      if (joinBackoffMax.compareTo(joinBackoffInitial) < 0) {
        throw SwimSettings.JOIN_MAX_RETRY_INTERVAL.invalidAgainst(
            joinBackoffMax, "at least", SwimSettings.JOIN_RETRY_INTERVAL, joinBackoffInitial);
      }
      SwimSettings.STREAM_TIMEOUT.check(streamTimeout);
      SwimSettings.LEAVE_TIMEOUT.check(leaveTimeout);
      SwimSettings.MAX_CONCURRENT_STREAMS.check(maxConcurrentStreams);
      SwimSettings.MAX_STREAM_FRAME_SIZE.check(maxStreamFrameBytes);
      long stateFrame = (long) protocol.maxStateBytes() + STATE_FRAME_ROOM_BYTES;
      if (stateFrame > maxStreamFrameBytes) {
        throw SwimSettings.MAX_STATE_SIZE.invalid(
            "("
                + protocol.maxStateBytes()
                + "B) plus "
                + STATE_FRAME_ROOM_BYTES
                + "B for the rest of a push-pull frame must not exceed "
                + SwimSettings.MAX_STREAM_FRAME_SIZE.property()
                + " ("
                + maxStreamFrameBytes
                + "B): raise "
                + SwimSettings.MAX_STREAM_FRAME_SIZE.property()
                + " to at least "
                + stateFrame
                + "B or lower "
                + SwimSettings.MAX_STATE_SIZE.property());
      }
      for (String s : seeds) {
        if (s == null || s.isBlank()) {
          throw SwimSettings.SEEDS.invalid("must not contain an empty entry");
        }
      }
      int metadataSize = WireCodec.metadataEncodedSize(metadata);
      if (!Limits.metadataFits(protocol, metadataSize)) {
        throw SwimSettings.METADATA.invalid(
            "is "
                + metadataSize
                + " bytes encoded, over the limit of "
                + protocol.metadataLimitBytes()
                + " bytes ("
                + SwimSettings.MAX_METADATA_SIZE.property()
                + ")");
      }
      return new GossiperConfig(this, protocol);
    }
  }
}
