package dev.swim.spring.autoconfigure.actuate.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.spring.actuate.sanitize.SwimSanitizingFunction;
import dev.swim.spring.autoconfigure.SwimTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.mock.env.MockEnvironment;

class SwimSanitizingFunctionTests {

  private static final String KEY = SwimTestSupport.key(32, 3);
  private static final String KEY2 = SwimTestSupport.key(16, 4);

  private final SwimSanitizingFunction function =
      new SwimSanitizingFunction(
          new MockEnvironment().withProperty("swim.encryption.keys", KEY + " , " + KEY2));

  @Test
  void masksEverySwimEncryptionProperty() {
    assertMasked("swim.encryption.keys", KEY);
    assertMasked("swim.encryption.keys[0]", KEY);
    assertMasked("swim.encryption.verify-incoming", "true");
    assertMasked("SWIM.Encryption.Keys", "x");
  }

  @Test
  void masksTheEnvironmentVariableForm() {
    assertMasked("SWIM_ENCRYPTION_KEYS", "anything");
    assertMasked("SWIM_ENCRYPTION_KEYS_0", "anything");
  }

  @Test
  void masksAnyValueContainingAConfiguredKey() {
    assertMasked("sun.java.command", "app.jar --server.port=8080 --swim.encryption.keys=" + KEY);
    assertMasked("JAVA_TOOL_OPTIONS", "-Xmx1g -Dswim.encryption.keys=" + KEY2);
    assertMasked("JDK_JAVA_OPTIONS", "-Dsecret=" + KEY2 + " -Dx=y");
    assertMasked("some.list", List.of("a", KEY));
  }

  @Test
  void leavesOtherValuesAlone() {
    assertKept("swim.probe-interval", "1s");
    assertKept("sun.java.command", "app.jar --server.port=8080");
    assertKept("swim.encryptionx", "x");
    assertKept("nothing", null);
  }

  @Test
  void shortValuesAreNotTreatedAsKeys() {
    SwimSanitizingFunction f =
        new SwimSanitizingFunction(new MockEnvironment().withProperty("swim.encryption.keys", "a"));
    assertThat(f.apply(data("user.name", "a")).getValue()).isEqualTo("a");
  }

  @Test
  void isConfiguredWheneverActuatorIsPresentEvenWithSwimDisabled() {
    ApplicationContextRunner runner =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SwimSanitizingAutoConfiguration.class));
    runner
        .withPropertyValues("swim.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(SwimSanitizingFunction.class));
    runner
        .withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
        .run(context -> assertThat(context).doesNotHaveBean(SwimSanitizingFunction.class));
  }

  private void assertMasked(String key, Object value) {
    assertThat(function.apply(data(key, value)).getValue())
        .as(key)
        .isEqualTo(SanitizableData.SANITIZED_VALUE);
  }

  private void assertKept(String key, Object value) {
    assertThat(function.apply(data(key, value)).getValue()).as(key).isEqualTo(value);
  }

  private static SanitizableData data(String key, Object value) {
    PropertySource<?> source = new MapPropertySource("test", java.util.Map.of());
    return new SanitizableData(source, key, value);
  }
}
