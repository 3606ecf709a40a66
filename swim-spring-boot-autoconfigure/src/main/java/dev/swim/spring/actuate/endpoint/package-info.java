/**
 * The {@code /actuator/swim} endpoint: this node, every member it knows, counts, health and the
 * effective settings, with no key material.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
