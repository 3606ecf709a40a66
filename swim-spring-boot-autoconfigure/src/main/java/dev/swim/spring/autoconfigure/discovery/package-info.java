/**
 * Auto-configuration of Spring Cloud discovery backed by the SWIM view (discovery clients, service
 * registry, LoadBalancer supplier), and the {@code swim.discovery.*} properties.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.autoconfigure.discovery;

import org.jspecify.annotations.NullMarked;
