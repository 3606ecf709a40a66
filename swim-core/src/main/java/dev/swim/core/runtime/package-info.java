/**
 * The public entry point: {@code Gossiper} drives the protocol engine on an event loop over a
 * {@code Transport}, resolves seeds, joins, leaves and delivers events to listeners on their own
 * thread.
 *
 * <p>Nullness: no parameter accepts and no method returns {@code null} unless its documentation
 * says so (as for an optional value that is absent). Passing {@code null} elsewhere is a
 * programming error; public entry points reject it with a {@link NullPointerException}.
 */
package dev.swim.core.runtime;
