package dev.swim.spring.autoconfigure;

import java.util.Base64;
import java.util.Random;

/** Settings shared by the tests: loopback, any free port, the fast local profile. */
public final class SwimTestSupport {

  /** A node that binds loopback on a free port, with the local profile and a short leave. */
  @SuppressWarnings("MutablePublicArray") // test constant, passed as varargs
  public static final String[] LOOPBACK = {
    "swim.bind-address=127.0.0.1", "swim.bind-port=0", "swim.profile=local", "swim.leave-timeout=1s"
  };

  private SwimTestSupport() {}

  /** A base64 AES key of {@code bytes} bytes, the same for the same seed. */
  public static String key(int bytes, long seed) {
    byte[] k = new byte[bytes];
    new Random(seed).nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }
}
