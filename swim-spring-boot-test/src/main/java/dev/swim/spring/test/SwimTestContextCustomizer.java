package dev.swim.spring.test;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Applies one {@link SwimTestSettings} to a test context. Part of the context cache key: two test
 * classes share a cached context only when their settings are equal.
 */
final class SwimTestContextCustomizer implements ContextCustomizer {

  private final SwimTestSettings settings;

  SwimTestContextCustomizer(SwimTestSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  SwimTestSettings settings() {
    return settings;
  }

  @Override
  public void customizeContext(
      ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
    settings.applyTo(context);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SwimTestContextCustomizer other && settings.equals(other.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  @Override
  public String toString() {
    return "SwimTestContextCustomizer[" + settings + "]";
  }
}
