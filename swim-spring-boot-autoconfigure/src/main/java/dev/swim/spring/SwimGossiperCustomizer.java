package dev.swim.spring;

import dev.swim.core.runtime.GossiperConfig;

/**
 * Customizes the {@link GossiperConfig.Builder} after the {@code swim.*} properties are applied and
 * before the configuration is validated and built. Customizer beans run in {@code @Order} order.
 *
 * <p>Use it for what properties cannot express, such as metadata computed at startup or keys read
 * from a secret store. Validation failures after customization are reported against the {@code
 * swim.*} property of the same setting.
 */
@FunctionalInterface
public interface SwimGossiperCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the builder, already holding the values of the {@code swim.*} properties
   */
  void customize(GossiperConfig.Builder builder);
}
