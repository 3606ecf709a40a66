/**
 * The {@code /actuator/swim} endpoint: this node, every member it knows, counts, health and the
 * effective settings, with no key material.
 *
 * <p>Nullness: no parameter accepts and no method returns {@code null} unless its documentation
 * says so (as for an optional value that is absent). Passing {@code null} elsewhere is a
 * programming error; public entry points reject it with a {@link NullPointerException}.
 */
package dev.swim.spring.autoconfigure.actuate.endpoint;
