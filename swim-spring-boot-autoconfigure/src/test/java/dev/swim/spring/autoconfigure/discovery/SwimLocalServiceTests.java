package dev.swim.spring.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swim.spring.SwimConfigurationException;
import dev.swim.spring.discovery.SwimInstanceStatus;
import dev.swim.spring.discovery.SwimLocalService;
import dev.swim.spring.discovery.SwimManagementEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * How the local service and the management endpoint are derived from swim.discovery.* and the
 * Spring environment, and the metadata they give.
 */
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
    assertThat(local.metadata(base, 8443, SwimInstanceStatus.UP))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "zone", "z",
                "service-id", "orders",
                "http-scheme", "https",
                "http-port", "8443",
                "status", "UP"));
    assertThat(local.metadata(base, null, SwimInstanceStatus.STARTING))
        .containsEntry("http-port", "1")
        .containsEntry("status", "STARTING");
    // a user's "status" never survives: the starter owns the key
    assertThat(
            local
                .metadata(Map.of("status", "UP"), 1, SwimInstanceStatus.OUT_OF_SERVICE)
                .get("status"))
        .isEqualTo("OUT_OF_SERVICE");
  }

  @Test
  void withoutServiceDropsEveryReservedEntry() {
    Map<String, String> md =
        Map.of(
            "zone", "z",
            "service-id", "orders",
            "http-port", "1",
            "http-host", "h",
            "http-scheme", "http",
            "status", "UP");
    assertThat(SwimLocalService.withoutService(md)).containsExactlyEntriesOf(Map.of("zone", "z"));
  }

  @Test
  void managementOnTheServerPortUnderTheDefaultPathNeedsNoEntry() {
    SwimManagementEndpoint m =
        SwimDiscoveryProperties.management(new MockEnvironment().withProperty("server.port", "0"));
    assertThat(m).isEqualTo(SwimManagementEndpoint.DEFAULT);
    assertThat(m.entries(8080)).isEmpty();
    // management.server.port equal to server.port is the same server
    MockEnvironment same =
        new MockEnvironment()
            .withProperty("server.port", "8080")
            .withProperty("management.server.port", "8080");
    assertThat(SwimDiscoveryProperties.management(same).entries(8080)).isEmpty();
  }

  @Test
  void aSeparateManagementPortAndItsBasePathAreAdvertised() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("server.port", "8080")
            .withProperty("management.server.port", "9090")
            .withProperty("management.server.base-path", "/admin/")
            .withProperty("server.servlet.context-path", "/ignored-on-the-management-port");
    SwimManagementEndpoint m = SwimDiscoveryProperties.management(env);
    assertThat(m.separatePort()).isTrue();
    assertThat(m.entries(8080))
        .isEqualTo(Map.of("management.port", "9090", "management.context-path", "/admin/actuator"));
  }

  @Test
  void aRandomManagementPortIsAdvertisedOnceReported() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("server.port", "0")
            .withProperty("management.server.port", "0");
    SwimManagementEndpoint m = SwimDiscoveryProperties.management(env);
    assertThat(m.entries(8080)).isEmpty();
    assertThat(m.withPort(41234).entries(8080)).containsEntry("management.port", "41234");
  }

  @Test
  void theContextPathAndEndpointsBasePathMoveTheActuator() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("server.servlet.context-path", "/api")
            .withProperty("management.endpoints.web.base-path", "manage");
    assertThat(SwimDiscoveryProperties.management(env).entries(8080))
        .containsExactlyEntriesOf(Map.of("management.context-path", "/api/manage"));
    MockEnvironment root =
        new MockEnvironment().withProperty("management.endpoints.web.base-path", "/");
    assertThat(SwimDiscoveryProperties.management(root).entries(8080))
        .containsExactlyEntriesOf(Map.of("management.context-path", "/"));
  }

  @Test
  void managementOverHttpTurnedOffAdvertisesNothing() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("management.server.port", "-1")
            .withProperty("management.endpoints.web.base-path", "/manage");
    assertThat(SwimDiscoveryProperties.management(env).entries(8080)).isEmpty();
  }

  @Test
  void portOutOfRangeNamesTheProperty() {
    assertThatThrownBy(() -> properties(null, null, 0, null).localService(new MockEnvironment()))
        .isInstanceOf(SwimConfigurationException.class)
        .hasMessageContaining("swim.discovery.port");
  }

  private static SwimDiscoveryProperties properties(
      String serviceId, String host, Integer port, Boolean secure) {
    return new SwimDiscoveryProperties(true, serviceId, host, port, secure, true, false, 0);
  }
}
