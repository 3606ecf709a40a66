package dev.swim.spring.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.spring.SwimConfigurationException;
import dev.swim.spring.discovery.SwimLocalService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** How the local service is derived from swim.discovery.* and the Spring environment. */
class SwimLocalServiceTests {

  @Test
  void defaultsComeFromTheApplication() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("spring.application.name", "orders")
            .withProperty("server.port", "8080");
    SwimLocalService local = properties(null, null, null, null).localService(env);
    assertThat(local.serviceId()).isEqualTo("orders");
    assertThat(local.port()).isEqualTo(8080);
    assertThat(local.portFixed()).isFalse();
    assertThat(local.secure()).isFalse();
    assertThat(local.host()).isNull();
  }

  @Test
  void withoutAnApplicationNameTheServiceIdIsApplication() {
    SwimLocalService local = properties(null, null, null, null).localService(new MockEnvironment());
    assertThat(local.serviceId()).isEqualTo("application");
    assertThat(local.port()).isNull();
  }

  @Test
  void randomServerPortIsLeftForTheWebServerEvent() {
    MockEnvironment env = new MockEnvironment().withProperty("server.port", "0");
    assertThat(properties(null, null, null, null).localService(env).port()).isNull();
  }

  @Test
  void explicitPropertiesWin() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("spring.application.name", "orders")
            .withProperty("server.port", "8080")
            .withProperty("server.ssl.bundle", "web");
    SwimLocalService local = properties("orders-api", "10.1.2.3", 9000, false).localService(env);
    assertThat(local.serviceId()).isEqualTo("orders-api");
    assertThat(local.host()).isEqualTo("10.1.2.3");
    assertThat(local.port()).isEqualTo(9000);
    assertThat(local.portFixed()).isTrue();
    assertThat(local.secure()).isFalse();
  }

  @Test
  void sslIsDetectedFromServerSsl() {
    SwimDiscoveryProperties p = properties(null, null, null, null);
    assertThat(
            p.localService(new MockEnvironment().withProperty("server.ssl.key-store", "ks.p12"))
                .secure())
        .isTrue();
    assertThat(
            p.localService(
                    new MockEnvironment()
                        .withProperty("server.ssl.bundle", "web")
                        .withProperty("server.ssl.enabled", "false"))
                .secure())
        .isFalse();
  }

  @Test
  void metadataPutsTheReservedEntriesOverTheBase() {
    SwimLocalService local = new SwimLocalService("orders", null, null, false, true);
    Map<String, String> base = Map.of("zone", "z", "http-host", "stale", "http-port", "1");
    assertThat(local.metadata(base, 8443))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "zone", "z",
                "service-id", "orders",
                "http-scheme", "https",
                "http-port", "8443"));
    assertThat(local.metadata(base, null)).containsEntry("http-port", "1");
  }

  @Test
  void portOutOfRangeNamesTheProperty() {
    assertThatThrownBy(() -> properties(null, null, 0, null).localService(new MockEnvironment()))
        .isInstanceOf(SwimConfigurationException.class)
        .hasMessageContaining("swim.discovery.port");
  }

  private static SwimDiscoveryProperties properties(
      String serviceId, String host, Integer port, Boolean secure) {
    return new SwimDiscoveryProperties(true, serviceId, host, port, secure, true, 0);
  }
}
