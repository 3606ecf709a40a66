package dev.swim.spring.discovery;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether an instance takes traffic, gossiped under the reserved metadata key {@value
 * SwimDiscoveryMetadata#STATUS}. Only {@link #UP} instances are listed by the discovery clients
 * (unless {@code swim.discovery.include-not-ready} is true); the member itself stays a healthy SWIM
 * member whatever its status.
 */
public enum SwimInstanceStatus {
  /** Ready: the application accepts traffic and no operator took it out of service. */
  UP,
  /** Taken out of service: readiness is REFUSING_TRAFFIC, or an operator set it. */
  OUT_OF_SERVICE,
  /** Set by an operator through the service registry: the instance should not be called. */
  DOWN,
  /** The application has not reported readiness yet. */
  STARTING,
  /**
   * What a peer's status reads as when it is missing or is none of the values above (a member of
   * another version, or a garbled value): never listed as ready.
   */
  UNKNOWN;

  /** The values an operator may set through the service registry. */
  public static final String SETTABLE = "UP, OUT_OF_SERVICE or DOWN";

  /**
   * The status a peer advertises: the exact name of a known status, anything else (including a
   * missing value) is {@link #UNKNOWN}. The value comes from the network, so it is matched exactly,
   * never trimmed, case-folded or echoed.
   *
   * @param value the gossiped value, or {@code null} when absent
   * @return the status
   */
  public static SwimInstanceStatus fromGossip(@Nullable String value) {
    if (value == null) {
      return UNKNOWN;
    }
    return switch (value) {
      case "UP" -> UP;
      case "OUT_OF_SERVICE" -> OUT_OF_SERVICE;
      case "DOWN" -> DOWN;
      case "STARTING" -> STARTING;
      default -> UNKNOWN;
    };
  }

  /**
   * The status an operator asks for through the service registry ({@code POST
   * /actuator/serviceregistry}): {@code UP}, {@code OUT_OF_SERVICE} or {@code DOWN}, ignoring case
   * and surrounding blanks.
   *
   * @param value the requested status
   * @return the status
   * @throws IllegalArgumentException for any other value, with a message listing the valid ones
   */
  public static SwimInstanceStatus fromOperator(@Nullable String value) {
    String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    return switch (v) {
      case "UP" -> UP;
      case "OUT_OF_SERVICE" -> OUT_OF_SERVICE;
      case "DOWN" -> DOWN;
      default ->
          throw new IllegalArgumentException(
              "Unsupported instance status "
                  + quote(value)
                  + ": the service registry accepts "
                  + SETTABLE
                  + " (STARTING follows the application's readiness)");
    };
  }

  /** {@code value} quoted and cut to 40 printable characters, for an error message. */
  private static String quote(@Nullable String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    int n = Math.min(value.length(), 40);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
    }
    return out.append(value.length() > n ? "...'" : "'").toString();
  }
}
