package dev.swim.core.protocol;

import dev.swim.core.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The limits on what a member says about itself: its name, its metadata and its user events. Each
 * rule is written once, here: the inbound checks ask the boolean forms and drop what fails; the
 * node's own commands and the runtime's configuration ask the {@code require} forms, which throw an
 * {@link IllegalArgumentException} naming the limit.
 */
public final class Limits {
  /** Most UTF-8 bytes of a member name. */
  public static final int MAX_NAME_BYTES = 128;

  /** Most UTF-8 bytes of a user event's name. */
  public static final int MAX_EVENT_NAME_BYTES = 255;

  private Limits() {}

  /** A member name: 1 to {@value #MAX_NAME_BYTES} bytes of UTF-8, no control characters. */
  public static boolean validName(String name) {
    return validText(name, MAX_NAME_BYTES);
  }

  /** A user event's name: 1 to {@value #MAX_EVENT_NAME_BYTES} bytes, no control characters. */
  public static boolean validEventName(String name) {
    return validText(name, MAX_EVENT_NAME_BYTES);
  }

  /** Whether metadata of {@code encodedSize} bytes is within {@code metadataLimitBytes}. */
  public static boolean metadataFits(SwimConfig cfg, int encodedSize) {
    return encodedSize <= cfg.metadataLimitBytes();
  }

  /** Whether a user event payload of {@code length} bytes is within {@code userEventLimitBytes}. */
  public static boolean userEventFits(SwimConfig cfg, int length) {
    return length <= cfg.userEventLimitBytes();
  }

  /**
   * Requires a valid member name.
   *
   * @param what how the caller calls the name in its error message (for example {@code nodeName})
   */
  public static void requireName(String what, String name) {
    if (name == null || !validName(name)) {
      throw new IllegalArgumentException(
          what
              + " must be 1 to "
              + MAX_NAME_BYTES
              + " bytes of UTF-8 without control characters, was "
              + (name == null ? "null" : "'" + LogSafe.text(name) + "'"));
    }
  }

  /** Requires metadata within {@code metadataLimitBytes}, encoded. */
  public static void requireMetadata(SwimConfig cfg, Map<String, String> metadata) {
    int size = WireCodec.metadataEncodedSize(metadata);
    if (!metadataFits(cfg, size)) {
      throw new IllegalArgumentException(
          "metadata is "
              + size
              + " bytes encoded, over the limit of "
              + cfg.metadataLimitBytes()
              + " bytes (metadataLimitBytes)");
    }
  }

  /** Requires a user event within {@code userEventLimitBytes} and with a valid name. */
  public static void requireUserEvent(SwimConfig cfg, String name, byte[] payload) {
    if (!userEventFits(cfg, payload.length)) {
      throw new IllegalArgumentException(
          "user event payload is "
              + payload.length
              + " bytes, over the limit of "
              + cfg.userEventLimitBytes()
              + " bytes (userEventLimitBytes)");
    }
    if (name == null || !validEventName(name)) {
      throw new IllegalArgumentException(
          "user event name must be 1 to "
              + MAX_EVENT_NAME_BYTES
              + " bytes of UTF-8 without control characters");
    }
  }

  /** 1 to {@code maxBytes} bytes of UTF-8, no control characters or line separators. */
  private static boolean validText(String s, int maxBytes) {
    int n = s.length();
    if (n == 0 || n > maxBytes) {
      return false;
    }
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        return false;
      }
      if (c >= 0x80) {
        ascii = false;
      }
    }
    return ascii || s.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
  }
}
