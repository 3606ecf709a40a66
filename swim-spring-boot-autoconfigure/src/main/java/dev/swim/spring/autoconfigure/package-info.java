/**
 * Spring Boot auto-configuration of a SWIM cluster member: the {@code swim.*} properties, the
 * Gossiper bean and the lifecycle that joins after the web server starts and leaves before it
 * stops.
 *
 * <p>Nullness: no parameter accepts and no method returns {@code null} unless its documentation
 * says so (as for an optional value that is absent). Passing {@code null} elsewhere is a
 * programming error; public entry points reject it with a {@link NullPointerException}.
 */
package dev.swim.spring.autoconfigure;
