/**
 * The wire format: protocol messages as records, and the codec that writes and reads them with
 * strict limits on every length, so a hostile packet is rejected and never half-applied.
 *
 * <p>Nullness: no parameter accepts and no method returns {@code null} unless its documentation
 * says so (as for an optional value that is absent). Passing {@code null} elsewhere is a
 * programming error; public entry points reject it with a {@link NullPointerException}.
 */
package dev.swim.core.wire;
