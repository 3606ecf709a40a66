/**
 * Failure analyzers that turn common SWIM start-up mistakes into a message naming the property at
 * fault and what to do.
 *
 * <p>Nullness: no parameter accepts and no method returns {@code null} unless its documentation
 * says so (as for an optional value that is absent). Passing {@code null} elsewhere is a
 * programming error; public entry points reject it with a {@link NullPointerException}.
 */
package dev.swim.spring.autoconfigure.diagnostics;
