package dev.swim.spring.autoconfigure;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.HostResolver;
import dev.swim.core.settings.Setting;
import dev.swim.core.settings.SwimSettings;
import dev.swim.spring.SwimConfigurationException;
import dev.swim.spring.SwimGossiperCustomizer;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Builds the core {@link GossiperConfig} from {@link SwimProperties}: the profile's defaults, every
 * setting set explicitly, then the customizers. Every validation failure is reported as a {@link
 * SwimConfigurationException} naming the {@code swim.*} property.
 */
final class SwimGossiperConfigFactory {

  private SwimGossiperConfigFactory() {}

  /** Builds and validates the configuration, resolving seed names with {@code resolver}. */
  static GossiperConfig create(
      SwimProperties p, List<SwimGossiperCustomizer> customizers, HostResolver resolver) {
    validateSeeds(p, resolver);
    String nodeName =
        p.explicit(SwimSettings.NODE_NAME)
            .orElseGet(() -> SwimNodeNames.defaultName(p.get(SwimSettings.BIND_PORT)));
    GossiperConfig.Builder b;
    try {
      b = GossiperConfig.builder(nodeName).profile(p.profile());
      for (Setting<?> s : SwimSettings.ALL) {
        if (s != SwimSettings.PROFILE && s != SwimSettings.NODE_NAME) {
          setIfExplicit(b, p, s);
        }
      }
    } catch (IllegalArgumentException e) {
      throw SwimConfigurationException.of(e);
    }
    for (SwimGossiperCustomizer customizer : customizers) {
      customizer.customize(b);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw SwimConfigurationException.of(e);
    }
  }

  private static <T> void setIfExplicit(GossiperConfig.Builder b, SwimProperties p, Setting<T> s) {
    p.explicit(s).ifPresent(v -> b.set(s, v));
  }

  /** Checks every seed is host[:port] and, unless turned off, that its host resolves. */
  static void validateSeeds(SwimProperties p, HostResolver resolver) {
    List<String> seeds = p.seeds();
    String property = SwimSettings.SEEDS.property();
    for (int i = 0; i < seeds.size(); i++) {
      String seed = seeds.get(i);
      String at = property + "[" + i + "]";
      NodeAddress address;
      try {
        address = NodeAddress.parse(seed, SwimSettings.DEFAULT_PORT);
      } catch (IllegalArgumentException e) {
        throw new SwimConfigurationException(
            property, at + " '" + seed + "' is not host[:port]: " + e.getMessage(), e);
      }
      if (p.validateSeeds()) {
        try {
          resolver.resolve(address.host());
        } catch (UnknownHostException e) {
          throw new SwimConfigurationException(
              property, at + " host '" + address.host() + "' cannot be resolved", e);
        }
      }
    }
  }
}
