package dev.swim.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM sealing of one packet under a per-sender subkey with a counter nonce: {@code version(1) |
 * senderId(8) | counter(8) | ciphertext | tag(16)}.
 *
 * <p>The subkey is HKDF-SHA256 of the cluster key with the salt {@value #SUBKEY_LABEL} and the
 * sender id (8 bytes, big-endian) as info, as long as the cluster key. The nonce is four zero bytes
 * and the counter (8 bytes, big-endian). Sender id and counter are not in the associated data: a
 * changed sender id derives another subkey and a changed counter makes another nonce, so either
 * fails authentication. Stateless and thread-safe (each thread keeps its own {@link Cipher}); the
 * caller keeps the counter.
 */
final class PacketCipher {

  /** The first byte of every sealed packet (1 was the random-nonce format, no longer opened). */
  static final byte VERSION = 2;

  /** Bytes of the sender id. */
  static final int SENDER_BYTES = 8;

  /** Bytes of the counter. */
  static final int COUNTER_BYTES = 8;

  /** Bytes before the ciphertext: version, sender id and counter. */
  static final int HEADER_BYTES = 1 + SENDER_BYTES + COUNTER_BYTES;

  /** Bytes of the AES-GCM nonce: four zero bytes, then the counter. */
  static final int NONCE_BYTES = 12;

  /** Bytes of the authentication tag. */
  static final int TAG_BYTES = 16;

  /** Bytes a sealed packet adds to its plaintext. */
  static final int OVERHEAD = HEADER_BYTES + TAG_BYTES;

  /** The HKDF salt of every subkey. */
  static final String SUBKEY_LABEL = "swim-aead-v2";

  private static final byte[] SUBKEY_SALT = SUBKEY_LABEL.getBytes(StandardCharsets.US_ASCII);

  private static final ThreadLocal<Cipher> CIPHERS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
            }
          });

  private PacketCipher() {}

  /** The subkey with which {@code senderId} seals under the cluster key {@code key}. */
  static SecretKeySpec subkey(SecretKeySpec key, long senderId) {
    return new Deriver(key).subkey(senderId);
  }

  /**
   * The subkeys of one cluster key: HKDF's extract runs once, here, and each {@link #subkey} only
   * expands (one HMAC). Thread-safe. Never printed.
   */
  static final class Deriver {
    private final SecretKeySpec key;
    private final int length;
    private final Mac prk;

    Deriver(SecretKeySpec key) {
      this.key = key;
      byte[] ikm = key.getEncoded();
      byte[] prkBytes = Hkdf.extract(SUBKEY_SALT, ikm);
      this.length = ikm.length;
      this.prk = Hkdf.mac(prkBytes);
      Arrays.fill(ikm, (byte) 0);
      Arrays.fill(prkBytes, (byte) 0);
    }

    /** The cluster key this deriver derives from. */
    SecretKeySpec key() {
      return key;
    }

    /** The subkey of {@code senderId}: HKDF-Expand(PRK, senderId as 8 bytes, key length). */
    SecretKeySpec subkey(long senderId) {
      byte[] info = new byte[SENDER_BYTES];
      putLong(info, 0, senderId);
      byte[] derived;
      synchronized (prk) {
        derived = Hkdf.expand(prk, info, length);
      }
      try {
        return new SecretKeySpec(derived, "AES"); // copies the bytes
      } finally {
        Arrays.fill(derived, (byte) 0);
      }
    }

    /** No key material. */
    @Override
    public String toString() {
      return "PacketCipher.Deriver";
    }
  }

  /**
   * Seals {@code plaintext} with {@code subkey} (the {@linkplain #subkey subkey} of {@code
   * senderId}) and the nonce of {@code counter}, binding {@code aad}. The caller never passes the
   * same counter twice for one subkey.
   */
  static byte[] seal(
      SecretKeySpec subkey, long senderId, long counter, byte[] aad, byte[] plaintext) {
    byte[] out = new byte[OVERHEAD + plaintext.length];
    out[0] = VERSION;
    putLong(out, 1, senderId);
    putLong(out, 1 + SENDER_BYTES, counter);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, subkey, new GCMParameterSpec(TAG_BYTES * 8, nonce(counter)));
      cipher.updateAAD(aad);
      cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      // Only a broken JDK gets here; the exception names no key material.
      throw new IllegalStateException("AES-GCM sealing failed: " + e.getClass().getName(), e);
    }
  }

  /**
   * Opens a sealed packet with {@code subkey} (derived for its {@linkplain #senderId sender id});
   * null when the key, the associated data or the bytes do not match. The caller has checked the
   * version byte and the minimum length.
   */
  static byte[] open(SecretKeySpec subkey, byte[] aad, byte[] sealed) {
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(
          Cipher.DECRYPT_MODE, subkey, new GCMParameterSpec(TAG_BYTES * 8, nonce(counter(sealed))));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
    } catch (GeneralSecurityException e) {
      return null; // AEADBadTagException: wrong key, wrong label, or tampered
    }
  }

  /** The sender id of a sealed packet of at least {@value #HEADER_BYTES} bytes. */
  static long senderId(byte[] sealed) {
    return getLong(sealed, 1);
  }

  /** The counter of a sealed packet of at least {@value #HEADER_BYTES} bytes. */
  static long counter(byte[] sealed) {
    return getLong(sealed, 1 + SENDER_BYTES);
  }

  private static byte[] nonce(long counter) {
    byte[] nonce = new byte[NONCE_BYTES];
    putLong(nonce, NONCE_BYTES - COUNTER_BYTES, counter);
    return nonce;
  }

  private static void putLong(byte[] b, int at, long value) {
    long v = value;
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  private static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }
}
