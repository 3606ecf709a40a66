package dev.swim.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.core.runtime.Gossiper;
import dev.swim.spring.SwimGossiperCustomizer;
import dev.swim.spring.autoconfigure.SwimAutoConfiguration;
import dev.swim.test.transport.InMemoryTransport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link SwimTestSettings} applied to contexts a test builds itself: the safe values win over
 * system properties, a customizer that moves the member onto the network is refused, overrides may
 * use placeholders, and the in-memory transport replaces the sockets.
 */
class SwimTestSettingsTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SwimAutoConfiguration.class))
          .withPropertyValues("swim.leave-timeout=1s");

  @Test
  void theSafeValuesWinOverSystemPropertiesAndTheContextsOwnValues() {
    runner
        .withInitializer(SwimTestSettings.safe().initializer())
        .withSystemProperties("swim.seeds=192.0.2.3", "swim.bind-port=7946")
        .withPropertyValues("swim.bind-address=0.0.0.0", "swim.profile=wan")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Gossiper gossiper = context.getBean(Gossiper.class);
              assertThat(gossiper.boundAddress().host()).isEqualTo("127.0.0.1");
              assertThat(gossiper.boundAddress().port()).isNotEqualTo(7946);
              assertThat(gossiper.config().seeds()).isEmpty();
              assertThat(gossiper.config().encryptionRequired())
                  .as("the local profile: no key required")
                  .isFalse();
            });
  }

  @Test
  void aCustomizerThatMovesTheMemberOntoTheNetworkIsRefused() {
    runner
        .withInitializer(SwimTestSettings.safe().initializer())
        .withUserConfiguration(SeedsFromElsewhere.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("swim.seeds is [] but the Gossiper has [192.0.2.4:7946]")
                    .hasMessageContaining(
                        "swim.bind-address is 127.0.0.1 but the Gossiper has 0.0.0.0")
                    .hasMessageContaining("@AutoConfigureSwim(useRealSettings = true)"));
  }

  @Test
  void withRealSettingsACustomizerMayDoAsItLikes() {
    runner
        .withInitializer(SwimTestSettings.realSettings().initializer())
        .withUserConfiguration(SeedsFromElsewhere.class)
        .withPropertyValues("swim.auto-startup=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Gossiper.class).config().seeds())
                  .containsExactly("192.0.2.4:7946");
            });
  }

  @Test
  void anOverrideMayUseAPlaceholder() {
    runner
        .withInitializer(
            SwimTestSettings.safe()
                .withProperties("swim.seeds=127.0.0.1:${peer.port}")
                .initializer())
        .withPropertyValues("peer.port=17001", "swim.auto-startup=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Gossiper.class).config().seeds())
                  .containsExactly("127.0.0.1:17001");
            });
  }

  @Test
  void inMemoryRegistersAPrimaryTransportOnTheNamedNetwork() {
    runner
        .withInitializer(SwimTestSettings.safe().inMemory("settings-tests").initializer())
        .run(
            context -> {
              assertThat(context).hasSingleBean(InMemoryTransport.class);
              InMemoryTransport transport = context.getBean(InMemoryTransport.class);
              assertThat(transport.network().name()).isEqualTo("settings-tests");
              Gossiper gossiper = context.getBean(Gossiper.class);
              assertThat(transport.boundAddress()).isEqualTo(gossiper.boundAddress());
              assertThat(
                      context
                          .getSourceApplicationContext(ConfigurableApplicationContext.class)
                          .getBeanFactory()
                          .getBeanDefinition(SwimTestSettings.TRANSPORT_BEAN_NAME)
                          .isPrimary())
                  .isTrue();
            });
  }

  @Test
  void theSettingsAreValues() {
    SwimTestSettings safe = SwimTestSettings.safe();
    assertThat(safe.useRealSettings()).isFalse();
    assertThat(safe.transport()).isEqualTo(SwimTestTransport.SOCKETS);
    assertThat(safe.properties())
        .containsExactlyEntriesOf(SwimTestSettings.SAFE_PROPERTIES)
        .containsEntry("swim.bind-address", "127.0.0.1")
        .containsEntry("swim.bind-port", "0")
        .containsEntry("swim.seeds", "")
        .containsEntry("swim.advertise-address", "")
        .containsEntry("swim.advertise-port", "0")
        .containsEntry("swim.profile", "local");
    SwimTestSettings withSeeds = safe.withProperties("swim.seeds=127.0.0.1:7000");
    assertThat(withSeeds.properties()).containsEntry("swim.seeds", "127.0.0.1:7000").hasSize(6);
    assertThat(withSeeds)
        .isNotEqualTo(safe)
        .isEqualTo(safe.withProperties("swim.seeds: 127.0.0.1:7000"));
    assertThat(SwimTestSettings.realSettings().properties()).isEmpty();
    assertThat(SwimTestSettings.realSettings().withProperties("swim.node-name=x").properties())
        .containsExactlyEntriesOf(java.util.Map.of("swim.node-name", "x"));
    assertThat(safe.inMemory("n").network()).isEqualTo("n");
    assertThat(safe.network()).isEqualTo(SwimTestSettings.DEFAULT_NETWORK);
    assertThat(safe.inMemory("n")).isEqualTo(safe.inMemory("n")).isNotEqualTo(safe.inMemory("m"));
    assertThat(safe.inMemory("n").toString()).contains("IN_MEMORY", "network=n");
    assertThatThrownBy(() -> safe.withProperties("spring.application.name=x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'spring.application.name' is not one");
    assertThatThrownBy(() -> safe.inMemory(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThat(List.copyOf(SwimTestSettings.SAFE_PROPERTIES.keySet()))
        .allMatch(k -> k.startsWith("swim."));
  }

  /** An application customizer that sets production seeds and a wildcard bind. */
  @Configuration(proxyBeanMethods = false)
  static class SeedsFromElsewhere {
    @Bean
    SwimGossiperCustomizer seedsFromElsewhere() {
      return builder -> builder.seeds(List.of("192.0.2.4:7946")).bindAddress("0.0.0.0");
    }
  }
}
