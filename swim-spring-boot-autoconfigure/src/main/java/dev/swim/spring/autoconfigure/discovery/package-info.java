/**
 * Spring Cloud discovery backed by the live SWIM view: blocking and reactive {@code
 * DiscoveryClient}s, registration and heartbeat events, with no registry server.
 *
 * <p>Nullness: no parameter accepts and no method returns {@code null} unless its documentation
 * says so (as for an optional value that is absent). Passing {@code null} elsewhere is a
 * programming error; public entry points reject it with a {@link NullPointerException}.
 */
package dev.swim.spring.autoconfigure.discovery;
