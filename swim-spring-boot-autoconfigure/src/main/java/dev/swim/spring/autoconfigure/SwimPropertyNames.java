package dev.swim.spring.autoconfigure;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which {@code swim.*} property sets each core setting, so that the core's validation messages
 * ("probeTimeout (500 ms) must be less than probeInterval (200 ms)") can be reported in the terms
 * the user wrote ("swim.probe-timeout (500 ms) must be less than swim.probe-interval (200 ms)").
 */
final class SwimPropertyNames {

  private static final Map<String, String> BY_CORE_NAME = coreNames();

  private static final Pattern CORE_NAME =
      Pattern.compile(
          "\\b("
              + BY_CORE_NAME.keySet().stream()
                  .sorted(Comparator.comparingInt(String::length).reversed())
                  .collect(Collectors.joining("|"))
              + ")\\b");

  private SwimPropertyNames() {}

  /**
   * The core setting names ({@code GossiperConfig.Builder} and {@code SwimConfig.Builder} method
   * names) and the {@code swim.*} property that sets each.
   */
  static Map<String, String> byCoreName() {
    return BY_CORE_NAME;
  }

  /**
   * Turns a core validation failure into one that names {@code swim.*} properties.
   *
   * @param e the core's exception
   * @return an exception whose message uses property names; its property is the first one named
   */
  static SwimConfigurationException translate(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    Matcher m = CORE_NAME.matcher(message);
    String first = null;
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String property = BY_CORE_NAME.get(m.group(1));
      if (first == null) {
        first = property;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(property));
    }
    m.appendTail(out);
    String text = first == null ? "swim: " + out : out.toString();
    return new SwimConfigurationException(first == null ? "swim" : first, text, e);
  }

  private static Map<String, String> coreNames() {
    Map<String, String> m = new LinkedHashMap<>();
    // GossiperConfig
    m.put("nodeName", "swim.node-name");
    m.put("clusterLabel", "swim.cluster-label");
    m.put("bindAddress", "swim.bind-address");
    m.put("bindPort", "swim.bind-port");
    m.put("advertiseAddress", "swim.advertise-address");
    m.put("advertisePort", "swim.advertise-port");
    m.put("seeds", "swim.seeds");
    m.put("metadata", "swim.metadata");
    m.put("encryptionKeys", "swim.encryption.keys");
    m.put("verifyIncoming", "swim.encryption.verify-incoming");
    m.put("verifyOutgoing", "swim.encryption.verify-outgoing");
    m.put("encryptionRequired", "swim.encryption.required");
    m.put("tcpOnly", "swim.tcp-only");
    m.put("tcpFallbackProbe", "swim.tcp-fallback-probe");
    m.put("joinBackoffInitial", "swim.join.retry-interval");
    m.put("joinBackoffMax", "swim.join.max-retry-interval");
    m.put("streamTimeout", "swim.stream-timeout");
    m.put("maxConcurrentStreams", "swim.max-concurrent-streams");
    m.put("maxStreamFrameBytes", "swim.max-stream-frame-size");
    m.put("leaveTimeout", "swim.leave-timeout");
    // SwimConfig
    m.put("probeInterval", "swim.probe-interval");
    m.put("probeTimeout", "swim.probe-timeout");
    m.put("indirectChecks", "swim.indirect-checks");
    m.put("suspicionMult", "swim.suspicion-multiplier");
    m.put("suspicionMaxTimeoutMult", "swim.suspicion-max-timeout-multiplier");
    m.put("awarenessMaxMultiplier", "swim.awareness-max-multiplier");
    m.put("lifeguard", "swim.lifeguard");
    m.put("gossipInterval", "swim.gossip-interval");
    m.put("gossipNodes", "swim.gossip-nodes");
    m.put("retransmitMult", "swim.retransmit-multiplier");
    m.put("gossipToTheDead", "swim.gossip-to-the-dead-time");
    m.put("pushPullInterval", "swim.push-pull-interval");
    m.put("tombstoneTimeout", "swim.tombstone-timeout");
    m.put("healInterval", "swim.heal-interval");
    m.put("maxDatagramBytes", "swim.max-datagram-size");
    m.put("datagramOverheadBytes", "swim.datagram-overhead");
    m.put("metadataLimitBytes", "swim.max-metadata-size");
    m.put("userEventLimitBytes", "swim.max-user-event-size");
    m.put("userEventShareBytes", "swim.user-event-share");
    m.put("maxMembers", "swim.max-members");
    m.put("maxStateBytes", "swim.max-state-size");
    return Map.copyOf(m);
  }
}
