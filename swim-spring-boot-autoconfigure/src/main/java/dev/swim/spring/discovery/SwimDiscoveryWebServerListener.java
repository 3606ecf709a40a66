package dev.swim.spring.discovery;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Hands the port the application's web server listens on to {@link SwimDiscoveryRegistration}.
 * Servers with a namespace (such as a separate management server) are ignored.
 */
public class SwimDiscoveryWebServerListener
    implements ApplicationListener<WebServerInitializedEvent> {

  private final SwimDiscoveryRegistration registration;

  /**
   * Creates the listener.
   *
   * @param registration where to report the port
   */
  public SwimDiscoveryWebServerListener(SwimDiscoveryRegistration registration) {
    this.registration = registration;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (event.getApplicationContext().getServerNamespace() == null) {
      registration.webServerStarted(event.getWebServer().getPort());
    }
  }
}
