/**
 * Masks {@code swim.encryption.keys} (and any value equal to a configured key) wherever actuator
 * shows configuration.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.actuate.sanitize;

import org.jspecify.annotations.NullMarked;
