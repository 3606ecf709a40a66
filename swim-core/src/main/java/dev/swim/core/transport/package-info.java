/**
 * The pluggable transport seam and its default implementation: datagrams over UDP, and
 * length-prefixed request/response frames over TCP for push-pull and the TCP-only mode.
 *
 * <p>Nullness: no parameter accepts and no method returns {@code null} unless its documentation
 * says so (as for an optional value that is absent). Passing {@code null} elsewhere is a
 * programming error; public entry points reject it with a {@link NullPointerException}.
 */
package dev.swim.core.transport;
