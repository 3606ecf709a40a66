package dev.swim.spring.autoconfigure.discovery;

import dev.swim.spring.SwimConfigurationException;
import dev.swim.spring.discovery.SwimLocalService;
import dev.swim.spring.discovery.SwimManagementEndpoint;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * The {@code swim.discovery.*} properties: the Spring Cloud {@code DiscoveryClient} backed by the
 * SWIM membership, and what this node advertises about its HTTP endpoint.
 *
 * @param enabled Whether to publish this application's HTTP endpoint in its SWIM metadata and
 *     provide a Spring Cloud DiscoveryClient (and ReactiveDiscoveryClient) listing the members by
 *     service id. Only applies when spring-cloud-commons is on the classpath and
 *     spring.cloud.discovery.enabled is not false.
 * @param serviceId Service id this node is listed under. Defaults to spring.application.name, or
 *     "application" when that is not set either.
 * @param host Host other services call this node's HTTP endpoint at. Defaults to the address the
 *     node advertises for gossip (swim.advertise-address or the one derived from the bind address).
 * @param port HTTP port other services call this node at. Defaults to the port the web server
 *     actually listens on (also with server.port=0); a node without a web server is not listed.
 * @param secure Whether other services call this node over HTTPS. Defaults to true when server.ssl
 *     has a key store, certificate or bundle and server.ssl.enabled is not false.
 * @param includeSuspect Whether members currently suspected of failure are still listed. SUSPECT
 *     members are usually alive (Lifeguard refutes most suspicions), so dropping them churns load
 *     balancers; DEAD and LEFT members are never listed.
 * @param includeNotReady Whether instances whose status is not UP (STARTING, OUT_OF_SERVICE, DOWN,
 *     or a status this version does not know) are listed too. Each instance's metadata carries its
 *     status under the key "status" either way.
 * @param order Order of the SWIM client among several DiscoveryClients in the composite client.
 */
@ConfigurationProperties("swim.discovery")
public record SwimDiscoveryProperties(
    @DefaultValue("true") boolean enabled,
    @Nullable String serviceId,
    @Nullable String host,
    @Nullable Integer port,
    @Nullable Boolean secure,
    @DefaultValue("true") boolean includeSuspect,
    @DefaultValue("false") boolean includeNotReady,
    @DefaultValue("0") int order) {

  /** Normalizes blanks to "unset". */
  public SwimDiscoveryProperties {
    serviceId = blankToNull(serviceId);
    host = blankToNull(host);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * The local service these properties and the environment describe.
   *
   * @param env the environment, for {@code spring.application.name}, {@code server.port} and {@code
   *     server.ssl.*}
   * @return the local service
   */
  public SwimLocalService localService(Environment env) {
    String serviceId = this.serviceId;
    if (serviceId == null) {
      String name = env.getProperty("spring.application.name");
      serviceId =
          name == null || name.isBlank() ? SwimLocalService.DEFAULT_SERVICE_ID : name.trim();
    }
    Integer port = this.port;
    if (port != null && (port < 1 || port > 65535)) {
      throw new SwimConfigurationException(
          "swim.discovery.port", "swim.discovery.port must be in 1..65535, was " + port, null);
    }
    boolean portFixed = port != null;
    if (port == null) {
      Integer serverPort = env.getProperty("server.port", Integer.class);
      port = serverPort != null && serverPort > 0 ? serverPort : null;
    }
    boolean secure = this.secure != null ? this.secure : sslConfigured(env);
    return new SwimLocalService(serviceId, this.host, port, portFixed, secure);
  }

  /**
   * Where the actuator is served, as Spring Boot resolves it: on its own port when {@code
   * management.server.port} is set and differs from {@code server.port} (not at all when it is -1),
   * under {@code management.server.base-path} there or the server's context path otherwise,
   * followed by {@code management.endpoints.web.base-path}.
   *
   * @param env the environment
   * @return the management endpoint
   */
  public static SwimManagementEndpoint management(Environment env) {
    Integer managementPort = env.getProperty("management.server.port", Integer.class);
    Integer serverPort = env.getProperty("server.port", Integer.class);
    if (managementPort != null && managementPort < 0) {
      return new SwimManagementEndpoint(
          false, false, null, SwimManagementEndpoint.DEFAULT_CONTEXT_PATH);
    }
    boolean separate =
        managementPort != null
            && !(serverPort == null && managementPort == 8080)
            && !(managementPort != 0 && managementPort.equals(serverPort));
    String prefix =
        separate
            ? env.getProperty("management.server.base-path", "")
            : env.getProperty(
                "server.servlet.context-path", env.getProperty("spring.webflux.base-path", ""));
    String endpoints =
        env.getProperty(
            "management.endpoints.web.base-path", SwimManagementEndpoint.DEFAULT_CONTEXT_PATH);
    String path = cleanPath(prefix) + cleanPath(endpoints);
    Integer port = separate && managementPort != null && managementPort > 0 ? managementPort : null;
    return new SwimManagementEndpoint(true, separate, port, path.isEmpty() ? "/" : path);
  }

  /** {@code /a/b} from {@code a/b/}, {@code ""} from {@code /} or blank. */
  private static String cleanPath(String path) {
    String p = path.trim();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
  }

  private static boolean sslConfigured(Environment env) {
    boolean material =
        env.containsProperty("server.ssl.bundle")
            || env.containsProperty("server.ssl.key-store")
            || env.containsProperty("server.ssl.certificate");
    return material && env.getProperty("server.ssl.enabled", Boolean.class, true);
  }
}
