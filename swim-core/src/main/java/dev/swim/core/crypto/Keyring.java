package dev.swim.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES keys of a cluster: the primary key seals, every key opens, so keys can be rotated on a
 * live cluster (install the new key everywhere, {@link #use} it everywhere, {@link #remove} the old
 * one). Thread-safe; readers see an immutable snapshot.
 *
 * <p>Nothing about a key is ever printed except its {@linkplain #fingerprint fingerprint}: the
 * first 8 hex digits of its SHA-256.
 */
public final class Keyring {

  private record Snapshot(List<SecretKeySpec> keys, List<String> fingerprints) {}

  private volatile Snapshot snapshot;

  /**
   * A keyring of {@code keys}, the first one primary. Duplicates are kept once.
   *
   * @throws IllegalArgumentException when there is no key, or a key is not 16, 24 or 32 bytes
   */
  public Keyring(List<byte[]> keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a keyring needs at least one key");
    }
    List<SecretKeySpec> specs = new ArrayList<>();
    for (byte[] key : keys) {
      SecretKeySpec spec = toSpec(key);
      if (indexOf(specs, key) < 0) {
        specs.add(spec);
      }
    }
    this.snapshot = snapshotOf(specs);
  }

  /**
   * Adds a key that opens packets but does not seal them yet.
   *
   * @return false if the key was already installed
   * @throws IllegalArgumentException when the key is not 16, 24 or 32 bytes
   */
  public synchronized boolean install(byte[] key) {
    SecretKeySpec spec = toSpec(key);
    List<SecretKeySpec> specs = snapshot.keys();
    if (indexOf(specs, key) >= 0) {
      return false;
    }
    List<SecretKeySpec> next = new ArrayList<>(specs);
    next.add(spec);
    snapshot = snapshotOf(next);
    return true;
  }

  /**
   * Makes an installed key the primary: from now on it seals.
   *
   * @throws IllegalArgumentException when the key is not installed (the message gives its
   *     fingerprint)
   */
  public synchronized void use(byte[] key) {
    List<SecretKeySpec> specs = snapshot.keys();
    int i = indexOf(specs, key);
    if (i < 0) {
      throw new IllegalArgumentException(
          "key " + fingerprint(key) + " is not installed; install it before using it");
    }
    List<SecretKeySpec> next = new ArrayList<>(specs);
    next.add(0, next.remove(i));
    snapshot = snapshotOf(next);
  }

  /**
   * Removes a key that is not the primary.
   *
   * @return false if the key was not installed
   * @throws IllegalStateException when the key is the primary
   */
  public synchronized boolean remove(byte[] key) {
    List<SecretKeySpec> specs = snapshot.keys();
    int i = indexOf(specs, key);
    if (i < 0) {
      return false;
    }
    if (i == 0) {
      throw new IllegalStateException(
          "cannot remove the primary key "
              + snapshot.fingerprints().get(0)
              + "; use another key first");
    }
    List<SecretKeySpec> next = new ArrayList<>(specs);
    next.remove(i);
    snapshot = snapshotOf(next);
    return true;
  }

  /** How many keys are installed. */
  public int size() {
    return snapshot.keys().size();
  }

  /** The fingerprint of every key, primary first: the only thing about keys that may be shown. */
  public List<String> fingerprints() {
    return snapshot.fingerprints();
  }

  /** The key that seals. */
  SecretKeySpec primary() {
    return snapshot.keys().get(0);
  }

  /** Every key, primary first; an immutable snapshot. */
  List<SecretKeySpec> keys() {
    return snapshot.keys();
  }

  /** The first 8 hex digits of the SHA-256 of {@code key}; safe to print. */
  public static String fingerprint(byte[] key) {
    Objects.requireNonNull(key, "key");
    byte[] digest = sha256(key);
    StringBuilder sb = new StringBuilder(8);
    for (int i = 0; i < 4; i++) {
      sb.append(Character.forDigit((digest[i] >> 4) & 0xf, 16));
      sb.append(Character.forDigit(digest[i] & 0xf, 16));
    }
    return sb.toString();
  }

  /** Size and fingerprints only. */
  @Override
  public String toString() {
    Snapshot s = snapshot;
    return "Keyring{size=" + s.keys().size() + ", fingerprints=" + s.fingerprints() + "}";
  }

  private static SecretKeySpec toSpec(byte[] key) {
    Objects.requireNonNull(key, "key");
    int n = key.length;
    if (n != 16 && n != 24 && n != 32) {
      throw new IllegalArgumentException("an AES key must be 16, 24 or 32 bytes, not " + n);
    }
    return new SecretKeySpec(key, "AES"); // copies the bytes
  }

  /** The index of {@code key} in {@code specs}, or -1; compares every key in constant time. */
  private static int indexOf(List<SecretKeySpec> specs, byte[] key) {
    int found = -1;
    for (int i = 0; i < specs.size(); i++) {
      byte[] encoded = specs.get(i).getEncoded();
      boolean equal = MessageDigest.isEqual(encoded, key);
      Arrays.fill(encoded, (byte) 0);
      if (equal && found < 0) {
        found = i;
      }
    }
    return found;
  }

  private static Snapshot snapshotOf(List<SecretKeySpec> specs) {
    List<String> prints = new ArrayList<>(specs.size());
    for (SecretKeySpec spec : specs) {
      byte[] encoded = spec.getEncoded();
      prints.add(fingerprint(encoded));
      Arrays.fill(encoded, (byte) 0);
    }
    return new Snapshot(List.copyOf(specs), List.copyOf(prints));
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
