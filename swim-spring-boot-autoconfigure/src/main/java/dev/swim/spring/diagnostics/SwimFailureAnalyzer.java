package dev.swim.spring.diagnostics;

import dev.swim.spring.SwimConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link SwimConfigurationException} in the "APPLICATION FAILED TO START" report, with a
 * concrete action for the common mistakes: gossip port in use, a bad encryption key, encryption
 * required without a key, a seed that does not resolve, and a probe timeout not below the probe
 * interval.
 */
public class SwimFailureAnalyzer extends AbstractFailureAnalyzer<SwimConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SwimConfigurationException cause) {
    return new FailureAnalysis(
        "The SWIM cluster member could not start: " + cause.getMessage(),
        action(cause.getProperty()),
        cause);
  }

  static String action(String property) {
    return switch (property) {
      case "swim.bind-port" ->
          "Stop the process that uses this port, or set swim.bind-port to a free one"
              + " (0 picks any free port; seeds of other nodes must then name the actual port).";
      case "swim.bind-address" ->
          "Set swim.bind-address to an address of this host, or 0.0.0.0 for every interface.";
      case "swim.encryption.keys" ->
          "Set swim.encryption.keys to base64-encoded AES keys of 16, 24 or 32 bytes, for example"
              + " one made with 'openssl rand -base64 32'. The first key encrypts, every key"
              + " decrypts; all members need the same keys.";
      case "swim.encryption.required" ->
          "Set swim.encryption.keys on every member to the same base64-encoded AES key, for"
              + " example one made with 'openssl rand -base64 32' (best passed as the"
              + " SWIM_ENCRYPTION_KEYS environment variable), or set swim.encryption.required=false"
              + " to gossip in plaintext. The wan profile requires encryption unless it is set to"
              + " false.";
      case "swim.seeds" ->
          "Correct swim.seeds: each seed is host[:port] with a host name this machine can resolve."
              + " If the names appear only after this node starts (a Kubernetes headless service),"
              + " set swim.join.validate-seeds=false.";
      case "swim.probe-timeout", "swim.probe-interval" ->
          "Set swim.probe-timeout below swim.probe-interval, or leave both unset to use the"
              + " profile's values (lan: 500ms and 1s, wan: 3s and 5s, local: 200ms and 1s).";
      default ->
          "Correct "
              + property
              + ". Every swim.* property is described in docs/configuration.md"
              + " and in your IDE's configuration metadata.";
    };
  }
}
