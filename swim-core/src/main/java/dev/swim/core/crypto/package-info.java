/**
 * AES-GCM for the wire: the keyring (the first key encrypts, every key decrypts) and the {@code
 * SecureTransport} that seals datagrams and stream frames with the cluster label as associated
 * data.
 *
 * <p>Nullness: no parameter accepts and no method returns {@code null} unless its documentation
 * says so (as for an optional value that is absent). Passing {@code null} elsewhere is a
 * programming error; public entry points reject it with a {@link NullPointerException}.
 */
package dev.swim.core.crypto;
