/**
 * Spring Cloud discovery backed by the live SWIM view: blocking and reactive {@code
 * DiscoveryClient}s, a {@code ServiceRegistry} whose instance status follows readiness and the
 * operator, registration and heartbeat events, and a LoadBalancer instance supplier pushed by
 * membership changes, with no registry server.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.discovery;

import org.jspecify.annotations.NullMarked;
