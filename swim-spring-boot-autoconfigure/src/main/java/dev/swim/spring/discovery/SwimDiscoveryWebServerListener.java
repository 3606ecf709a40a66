package dev.swim.spring.discovery;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Hands the ports the application's web servers listen on to {@link SwimDiscoveryRegistration}: the
 * main server's (no namespace) as the HTTP port, a separate management server's ({@value
 * #MANAGEMENT_NAMESPACE} namespace) as the management port. Other servers are ignored.
 */
public class SwimDiscoveryWebServerListener
    implements ApplicationListener<WebServerInitializedEvent> {

  /** The server namespace of Spring Boot's separate management server. */
  public static final String MANAGEMENT_NAMESPACE = "management";

  private final SwimDiscoveryRegistration registration;

  /**
   * Creates the listener.
   *
   * @param registration where to report the ports
   */
  public SwimDiscoveryWebServerListener(SwimDiscoveryRegistration registration) {
    this.registration = registration;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    String namespace = event.getApplicationContext().getServerNamespace();
    int port = event.getWebServer().getPort();
    if (namespace == null) {
      registration.webServerStarted(port);
    } else if (MANAGEMENT_NAMESPACE.equals(namespace)) {
      registration.managementServerStarted(port);
    }
  }
}
