package dev.swim.core.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM sealing of one packet: {@code version(1) | nonce(12) | ciphertext | tag(16)}, with a
 * fresh random nonce per packet. Thread-safe: each thread keeps its own {@link Cipher}.
 */
final class PacketCipher {

  /** The first byte of every sealed packet. */
  static final byte VERSION = 1;

  /** Bytes of the nonce. */
  static final int NONCE_BYTES = 12;

  /** Bytes of the authentication tag. */
  static final int TAG_BYTES = 16;

  /** Bytes a sealed packet adds to its plaintext. */
  static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES;

  private static final ThreadLocal<Cipher> CIPHERS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
            }
          });

  private final SecureRandom random;

  PacketCipher(SecureRandom random) {
    this.random = random;
  }

  /** Seals {@code plaintext} with {@code key}, binding {@code aad}. */
  byte[] seal(SecretKeySpec key, byte[] aad, byte[] plaintext) {
    byte[] out = new byte[OVERHEAD + plaintext.length];
    out[0] = VERSION;
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      cipher.updateAAD(aad);
      cipher.doFinal(plaintext, 0, plaintext.length, out, 1 + NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      // Only a broken JDK gets here; the exception names no key material.
      throw new IllegalStateException("AES-GCM sealing failed: " + e.getClass().getName(), e);
    }
  }

  /**
   * Opens a sealed packet with {@code key}; null when the key, the associated data or the bytes do
   * not match. The caller has checked the version byte and the minimum length.
   */
  byte[] open(SecretKeySpec key, byte[] aad, byte[] sealed) {
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      return null; // AEADBadTagException: wrong key, wrong label, or tampered
    }
  }
}
