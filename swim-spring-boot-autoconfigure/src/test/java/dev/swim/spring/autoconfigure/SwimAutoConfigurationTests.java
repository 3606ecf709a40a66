package dev.swim.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.NodeAddress;
import dev.swim.core.protocol.SwimConfig;
import dev.swim.core.runtime.Gossiper;
import dev.swim.core.runtime.GossiperConfig;
import dev.swim.core.runtime.GossiperState;
import dev.swim.core.settings.Profile;
import dev.swim.core.transport.Transport;
import dev.swim.core.transport.TransportHandler;
import dev.swim.core.transport.TransportStats;
import dev.swim.spring.SwimGossiperCustomizer;
import dev.swim.spring.SwimGossiperLifecycle;
import dev.swim.spring.autoconfigure.event.SwimEventAutoConfiguration;
import dev.swim.spring.event.SwimApplicationEventBridge;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

class SwimAutoConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(SwimAutoConfiguration.class, SwimEventAutoConfiguration.class))
          .withPropertyValues(SwimTestSupport.LOOPBACK);

  @Test
  void startsAGossiperWithTheContext() {
    runner
        .withPropertyValues("swim.node-name=solo")
        .run(
            context -> {
              assertThat(context).hasSingleBean(Gossiper.class);
              assertThat(context).hasSingleBean(SwimGossiperLifecycle.class);
              assertThat(context).hasSingleBean(SwimApplicationEventBridge.class);
              Gossiper gossiper = context.getBean(Gossiper.class);
              assertThat(gossiper.state()).isEqualTo(GossiperState.RUNNING);
              assertThat(gossiper.localMember().name()).isEqualTo("solo");
              assertThat(gossiper.localAddress().host()).isEqualTo("127.0.0.1");
              assertThat(gossiper.localAddress().port()).isPositive();
            });
  }

  @Test
  void leavesAndClosesWhenTheContextCloses() {
    Gossiper[] holder = new Gossiper[1];
    runner.run(context -> holder[0] = context.getBean(Gossiper.class));
    assertThat(holder[0].state()).isEqualTo(GossiperState.STOPPED);
  }

  @Test
  void defaultNodeNameIsHostAndPortOrPidAndUniquePerProcess() {
    runner.run(
        context -> {
          String name = context.getBean(Gossiper.class).config().nodeName();
          assertThat(name)
              .isEqualTo(SwimNodeNames.hostName() + "-" + ProcessHandle.current().pid());
        });
    assertThat(SwimNodeNames.defaultName(7946)).isEqualTo(SwimNodeNames.hostName() + "-7946");
  }

  @Test
  void autoStartupFalseLeavesTheGossiperUnstarted() {
    runner
        .withPropertyValues("swim.auto-startup=false")
        .run(
            context -> {
              assertThat(context.getBean(Gossiper.class).state()).isEqualTo(GossiperState.CREATED);
              SwimGossiperLifecycle lifecycle = context.getBean(SwimGossiperLifecycle.class);
              assertThat(lifecycle.isRunning()).isFalse();
              lifecycle.start();
              assertThat(context.getBean(Gossiper.class).state()).isEqualTo(GossiperState.RUNNING);
            });
  }

  @Test
  void disabledTurnsEverythingOff() {
    runner
        .withPropertyValues("swim.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(Gossiper.class);
              assertThat(context).doesNotHaveBean(SwimGossiperLifecycle.class);
              assertThat(context).doesNotHaveBean(SwimApplicationEventBridge.class);
              assertThat(context).doesNotHaveBean(SwimProperties.class);
            });
  }

  @Test
  void eventsCanBeTurnedOff() {
    runner
        .withPropertyValues("swim.events.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SwimApplicationEventBridge.class));
  }

  @Test
  void backsOffToAUserDefinedGossiper() {
    runner
        .withUserConfiguration(UserGossiperConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Gossiper.class);
              Gossiper gossiper = context.getBean(Gossiper.class);
              assertThat(gossiper.config().nodeName()).isEqualTo("user-defined");
              // our lifecycle still starts it
              assertThat(gossiper.state()).isEqualTo(GossiperState.RUNNING);
            });
  }

  @Test
  void buildsTheGossiperFromAUserDefinedConfigInsteadOfTheProperties() {
    runner
        .withPropertyValues("swim.node-name=from-properties")
        .withUserConfiguration(UserConfigConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(GossiperConfig.class);
              Gossiper gossiper = context.getBean(Gossiper.class);
              assertThat(gossiper.config().nodeName()).isEqualTo("user-config");
              assertThat(gossiper.config()).isSameAs(context.getBean(GossiperConfig.class));
              assertThat(gossiper.state()).isEqualTo(GossiperState.RUNNING);
            });
    runner
        .withPropertyValues("swim.node-name=from-properties")
        .run(
            context ->
                assertThat(context.getBean(GossiperConfig.class).nodeName())
                    .isEqualTo("from-properties"));
  }

  @Test
  void usesAUserDefinedTransport() {
    runner
        .withUserConfiguration(UserTransportConfiguration.class)
        .run(
            context -> {
              RecordingTransport transport = context.getBean(RecordingTransport.class);
              assertThat(transport.starts.get()).isEqualTo(1);
              assertThat(context.getBean(Gossiper.class).localAddress())
                  .isEqualTo(transport.boundAddress());
            });
  }

  @Test
  void customizersRunInOrderBeforeValidation() {
    runner
        .withUserConfiguration(CustomizerConfiguration.class)
        .withPropertyValues("swim.metadata.zone=a")
        .run(
            context -> {
              GossiperConfig config = context.getBean(Gossiper.class).config();
              assertThat(config.metadata()).containsEntry("zone", "a").containsEntry("order", "2");
            });
  }

  @Test
  void profilePicksTheDefaultsAndExplicitPropertiesOverrideThem() {
    runner
        .withPropertyValues(
            "swim.auto-startup=false",
            "swim.profile=wan",
            "swim.encryption.keys=" + SwimTestSupport.key(32, 1), // wan requires encryption
            "swim.probe-interval=7s",
            "swim.max-datagram-size=2KB",
            "swim.lifeguard=false")
        .run(
            context -> {
              SwimConfig protocol = context.getBean(Gossiper.class).config().protocol();
              SwimConfig wan = SwimConfig.wan();
              assertThat(protocol.profile()).isEqualTo(Profile.WAN);
              assertThat(protocol.probeInterval()).isEqualTo(Duration.ofSeconds(7));
              assertThat(protocol.probeTimeout()).isEqualTo(wan.probeTimeout());
              assertThat(protocol.suspicionMult()).isEqualTo(wan.suspicionMult());
              assertThat(protocol.maxDatagramBytes()).isEqualTo(2048);
              assertThat(protocol.lifeguard()).isFalse();
            });
  }

  @Test
  void mapsEveryGossiperSettingFromItsProperty() {
    String key = SwimTestSupport.key(32, 1);
    runner
        .withPropertyValues(
            "swim.auto-startup=false",
            "swim.node-name=n1",
            "swim.cluster-label=prod",
            "swim.advertise-address=127.0.0.2",
            "swim.advertise-port=9000",
            "swim.seeds=127.0.0.1:7001,localhost",
            "swim.encryption.keys=" + key,
            "swim.encryption.verify-incoming=false",
            "swim.encryption.verify-outgoing=false",
            "swim.encryption.required=true",
            "swim.tcp-only=true",
            "swim.tcp-fallback-probe=false",
            "swim.join.retry-interval=2s",
            "swim.join.max-retry-interval=20s",
            "swim.stream-timeout=3s",
            "swim.max-concurrent-streams=7",
            "swim.max-stream-frame-size=1MB",
            "swim.max-state-size=512KB",
            "swim.max-members=5000",
            "swim.leave-timeout=4s")
        .run(
            context -> {
              GossiperConfig c = context.getBean(Gossiper.class).config();
              assertThat(c.nodeName()).isEqualTo("n1");
              assertThat(c.clusterLabel()).isEqualTo("prod");
              assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
              assertThat(c.bindPort()).isZero();
              assertThat(c.advertiseAddress()).isEqualTo("127.0.0.2");
              assertThat(c.advertisePort()).isEqualTo(9000);
              assertThat(c.seeds()).containsExactly("127.0.0.1:7001", "localhost");
              assertThat(c.encryptionKeys()).hasSize(1);
              assertThat(c.verifyIncoming()).isFalse();
              assertThat(c.verifyOutgoing()).isFalse();
              assertThat(c.encryptionRequired()).isTrue();
              assertThat(c.tcpOnly()).isTrue();
              assertThat(c.tcpFallbackProbe()).isFalse();
              assertThat(c.joinBackoffInitial()).isEqualTo(Duration.ofSeconds(2));
              assertThat(c.joinBackoffMax()).isEqualTo(Duration.ofSeconds(20));
              assertThat(c.streamTimeout()).isEqualTo(Duration.ofSeconds(3));
              assertThat(c.maxConcurrentStreams()).isEqualTo(7);
              assertThat(c.maxStreamFrameBytes()).isEqualTo(1024 * 1024);
              assertThat(c.protocol().maxStateBytes()).isEqualTo(512 * 1024);
              assertThat(c.protocol().maxMembers()).isEqualTo(5000);
              assertThat(c.leaveTimeout()).isEqualTo(Duration.ofSeconds(4));
              assertThat(context.getBean(SwimProperties.class).toString()).doesNotContain(key);
            });
  }

  @Test
  void emptySeedEntriesAreIgnored() {
    runner
        .withPropertyValues("swim.auto-startup=false", "swim.seeds=")
        .run(context -> assertThat(context.getBean(Gossiper.class).config().seeds()).isEmpty());
  }

  @Test
  void withoutSwimCoreOnTheClasspathNothingIsConfigured() {
    runner
        .withClassLoader(new FilteredClassLoader(Gossiper.class))
        .run(context -> assertThat(context).doesNotHaveBean(SwimProperties.class));
  }

  @Configuration(proxyBeanMethods = false)
  static class UserGossiperConfiguration {
    @Bean
    Gossiper userGossiper() {
      return Gossiper.create(
          GossiperConfig.builder("user-defined").bindAddress("127.0.0.1").bindPort(0).build());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserConfigConfiguration {
    @Bean
    GossiperConfig userGossiperConfig() {
      return GossiperConfig.builder("user-config").bindAddress("127.0.0.1").bindPort(0).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserTransportConfiguration {
    @Bean
    RecordingTransport recordingTransport() {
      return new RecordingTransport(
          Gossiper.defaultTransport(
              GossiperConfig.builder("t").bindAddress("127.0.0.1").bindPort(0).build()));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomizerConfiguration {
    @Bean
    @Order(2)
    SwimGossiperCustomizer second() {
      return b -> b.metadata(Map.of("zone", "a", "order", "2"));
    }

    @Bean
    @Order(1)
    SwimGossiperCustomizer first() {
      return b -> b.metadata(Map.of("zone", "a", "order", "1"));
    }
  }

  /** A transport that delegates and counts starts. */
  static final class RecordingTransport implements Transport {
    final Transport delegate;
    final AtomicInteger starts = new AtomicInteger();

    RecordingTransport(Transport delegate) {
      this.delegate = delegate;
    }

    @Override
    public void start(TransportHandler handler) throws IOException {
      starts.incrementAndGet();
      delegate.start(handler);
    }

    @Override
    public NodeAddress boundAddress() {
      return delegate.boundAddress();
    }

    @Override
    public void sendDatagram(NodeAddress to, byte[] packet) {
      delegate.sendDatagram(to, packet);
    }

    @Override
    public void sendDatagramOverStream(NodeAddress to, byte[] packet) {
      delegate.sendDatagramOverStream(to, packet);
    }

    @Override
    public int datagramOverhead() {
      return delegate.datagramOverhead();
    }

    @Override
    public CompletableFuture<byte[]> request(NodeAddress to, byte[] request, Duration timeout) {
      return delegate.request(to, request, timeout);
    }

    @Override
    public TransportStats stats() {
      return delegate.stats();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
