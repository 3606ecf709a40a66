package dev.swim.spring.autoconfigure;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.HostResolver;
import dev.swim.core.wire.WireCodec;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.util.unit.DataSize;

/**
 * Builds the core {@link GossiperConfig} from {@link SwimProperties}: the profile's protocol
 * defaults overridden by every explicitly set property, then the customizers. Every validation
 * failure is reported as a {@link SwimConfigurationException} naming the {@code swim.*} property.
 */
final class SwimGossiperConfigFactory {

  /** The gossip port a seed without a port is assumed to listen on. */
  static final int DEFAULT_SEED_PORT = 7946;

  private SwimGossiperConfigFactory() {}

  /** Builds and validates the configuration, resolving seed names with {@code resolver}. */
  static GossiperConfig create(
      SwimProperties p, List<SwimGossiperCustomizer> customizers, HostResolver resolver) {
    SwimConfig protocol = protocol(p);
    validateSeeds(p, resolver);
    String nodeName = p.nodeName() != null ? p.nodeName() : SwimNodeNames.defaultName(p.bindPort());
    GossiperConfig.Builder b;
    try {
      b =
          GossiperConfig.builder(nodeName)
              .clusterLabel(p.clusterLabel())
              .bindAddress(p.bindAddress())
              .bindPort(p.bindPort())
              .advertiseAddress(p.advertiseAddress())
              .advertisePort(p.advertisePort())
              .seeds(p.seeds())
              .metadata(p.metadata())
              .protocol(protocol)
              .encryptionKeysBase64(p.encryption().keys())
              .verifyIncoming(p.encryption().verifyIncoming())
              .verifyOutgoing(p.encryption().verifyOutgoing())
              .encryptionRequired(encryptionRequired(p))
              .tcpOnly(p.tcpOnly())
              .tcpFallbackProbe(p.tcpFallbackProbe())
              .joinBackoffInitial(p.join().retryInterval())
              .joinBackoffMax(p.join().maxRetryInterval())
              .streamTimeout(p.streamTimeout())
              .maxConcurrentStreams(p.maxConcurrentStreams())
              .maxStreamFrameBytes(bytes(p.maxStreamFrameSize()))
              .leaveTimeout(p.leaveTimeout());
    } catch (IllegalArgumentException e) {
      throw SwimPropertyNames.translate(e);
    }
    for (SwimGossiperCustomizer customizer : customizers) {
      customizer.customize(b);
    }
    GossiperConfig config;
    try {
      config = b.build();
    } catch (IllegalArgumentException e) {
      throw SwimPropertyNames.translate(e);
    }
    checkMetadataSize(config);
    return config;
  }

  /** Fails before anything binds when the metadata cannot be gossiped. */
  private static void checkMetadataSize(GossiperConfig config) {
    int size = WireCodec.metadataEncodedSize(config.metadata());
    int limit = config.protocol().metadataLimitBytes();
    if (size > limit) {
      throw new SwimConfigurationException(
          "swim.metadata",
          "swim.metadata is "
              + size
              + " bytes encoded, over the limit of "
              + limit
              + " bytes (swim.max-metadata-size)",
          null);
    }
  }

  /** swim.encryption.required when set, else the profile's default: required with wan only. */
  static boolean encryptionRequired(SwimProperties p) {
    Boolean required = p.encryption().required();
    return required != null ? required : p.profile() == SwimConfig.Profile.WAN;
  }

  /** The profile's protocol settings, overridden by every property that is set. */
  static SwimConfig protocol(SwimProperties p) {
    SwimConfig.Builder b = SwimConfig.builder(p.profile());
    set(p.probeInterval(), b::probeInterval);
    set(p.probeTimeout(), b::probeTimeout);
    set(p.indirectChecks(), b::indirectChecks);
    set(p.suspicionMultiplier(), b::suspicionMult);
    set(p.suspicionMaxTimeoutMultiplier(), b::suspicionMaxTimeoutMult);
    set(p.awarenessMaxMultiplier(), b::awarenessMaxMultiplier);
    set(p.lifeguard(), b::lifeguard);
    set(p.gossipInterval(), b::gossipInterval);
    set(p.gossipNodes(), b::gossipNodes);
    set(p.retransmitMultiplier(), b::retransmitMult);
    set(p.gossipToTheDeadTime(), b::gossipToTheDead);
    set(p.pushPullInterval(), b::pushPullInterval);
    set(p.tombstoneTimeout(), b::tombstoneTimeout);
    set(p.healInterval(), b::healInterval);
    setBytes(p.maxDatagramSize(), b::maxDatagramBytes);
    setBytes(p.datagramOverhead(), b::datagramOverheadBytes);
    setBytes(p.maxMetadataSize(), b::metadataLimitBytes);
    setBytes(p.maxUserEventSize(), b::userEventLimitBytes);
    setBytes(p.userEventShare(), b::userEventShareBytes);
    set(p.maxMembers(), b::maxMembers);
    setBytes(p.maxStateSize(), b::maxStateBytes);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw SwimPropertyNames.translate(e);
    }
  }

  /** Checks every seed is host[:port] and, unless turned off, that its host resolves. */
  static void validateSeeds(SwimProperties p, HostResolver resolver) {
    List<String> seeds = p.seeds();
    for (int i = 0; i < seeds.size(); i++) {
      String seed = seeds.get(i);
      String at = "swim.seeds[" + i + "]";
      if (seed.isEmpty()) {
        throw new SwimConfigurationException("swim.seeds", at + " is empty", null);
      }
      NodeAddress address;
      try {
        address = NodeAddress.parse(seed, DEFAULT_SEED_PORT);
      } catch (IllegalArgumentException e) {
        throw new SwimConfigurationException(
            "swim.seeds", at + " '" + seed + "' is not host[:port]: " + e.getMessage(), e);
      }
      if (p.join().validateSeeds()) {
        try {
          resolver.resolve(address.host());
        } catch (UnknownHostException e) {
          throw new SwimConfigurationException(
              "swim.seeds", at + " host '" + address.host() + "' cannot be resolved", e);
        }
      }
    }
  }

  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  private static void setBytes(DataSize value, Consumer<Integer> setter) {
    if (value != null) {
      setter.accept(bytes(value));
    }
  }

  /** The size in bytes, saturated to the int range so that the core's range check reports it. */
  static int bytes(DataSize size) {
    long v = size.toBytes();
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }
}
