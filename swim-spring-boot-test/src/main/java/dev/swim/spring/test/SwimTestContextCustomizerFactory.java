package dev.swim.spring.test;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives every Spring test context the SWIM test settings: those of the test class's {@link
 * AutoConfigureSwim}, or the safe values when it has none. Registered in this module's {@code
 * META-INF/spring.factories}, so that it applies to every test context as soon as the module is on
 * the test classpath, with nothing to annotate.
 */
final class SwimTestContextCustomizerFactory implements ContextCustomizerFactory {

  @Override
  public ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    AutoConfigureSwim annotation =
        TestContextAnnotationUtils.findMergedAnnotation(testClass, AutoConfigureSwim.class);
    SwimTestSettings settings;
    try {
      settings = annotation == null ? SwimTestSettings.safe() : SwimTestSettings.of(annotation);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Invalid @AutoConfigureSwim on " + testClass.getName() + ": " + e.getMessage(), e);
    }
    return new SwimTestContextCustomizer(settings);
  }
}
