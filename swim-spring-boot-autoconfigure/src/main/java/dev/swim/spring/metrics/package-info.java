/**
 * Micrometer gauges and counters for membership, probes, messages, bytes and drops.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.metrics;

import org.jspecify.annotations.NullMarked;
