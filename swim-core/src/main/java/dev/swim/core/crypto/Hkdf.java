package dev.swim.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), composed from the JDK's {@code HmacSHA256}: Java 17 has no KDF
 * API. Stateless and thread-safe, except that a {@link Mac} passed in is used by one thread at a
 * time.
 */
final class Hkdf {

  /** Bytes of an HMAC-SHA256 output. */
  static final int HASH_BYTES = 32;

  private static final String HMAC = "HmacSHA256";

  private Hkdf() {}

  /**
   * Extract then expand: {@code length} bytes of output keying material.
   *
   * @param ikm the input keying material
   * @param salt the salt; empty means {@value #HASH_BYTES} zero bytes, as the RFC says
   * @param info the context; may be empty
   * @param length bytes wanted, 1 to 255 x {@value #HASH_BYTES}
   */
  static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  /** RFC 5869 section 2.2: PRK = HMAC-Hash(salt, IKM). */
  static byte[] extract(byte[] salt, byte[] ikm) {
    // an empty HMAC key equals a key of zero bytes (HMAC pads keys with zeros), but SecretKeySpec
    // refuses an empty array
    byte[] key = salt.length == 0 ? new byte[HASH_BYTES] : salt;
    Mac mac = mac(key);
    return mac.doFinal(ikm);
  }

  /** RFC 5869 section 2.3: T(1) | T(2) | ... truncated to {@code length} bytes. */
  static byte[] expand(byte[] prk, byte[] info, int length) {
    return expand(mac(prk), info, length);
  }

  /**
   * As {@link #expand(byte[], byte[], int)} with an HMAC already keyed with the PRK, so that one
   * extract (and one HMAC key setup) serves many expansions. The Mac is left ready for reuse; the
   * caller keeps it to one thread at a time.
   */
  static byte[] expand(Mac prk, byte[] info, int length) {
    if (length < 1 || length > 255 * HASH_BYTES) {
      throw new IllegalArgumentException(
          "HKDF output length must be between 1 and " + 255 * HASH_BYTES + ", was " + length);
    }
    byte[] out = new byte[length];
    byte[] t = new byte[0];
    int done = 0;
    for (int i = 1; done < length; i++) {
      prk.update(t);
      prk.update(info);
      prk.update((byte) i);
      byte[] next = prk.doFinal(); // also resets the Mac to its key
      Arrays.fill(t, (byte) 0);
      t = next;
      int n = Math.min(HASH_BYTES, length - done);
      System.arraycopy(t, 0, out, done, n);
      done += n;
    }
    Arrays.fill(t, (byte) 0);
    return out;
  }

  /** An HMAC-SHA256 keyed with {@code key}, for {@link #expand(Mac, byte[], int)}. */
  static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      // Only a JDK without HmacSHA256 gets here; the exception names no key material.
      throw new IllegalStateException("HmacSHA256 is not available: " + e.getClass().getName(), e);
    }
  }
}
