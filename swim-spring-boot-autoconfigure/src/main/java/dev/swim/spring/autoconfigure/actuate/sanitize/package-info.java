/**
 * Auto-configuration of the sanitizing function that masks SWIM key material in actuator output.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.autoconfigure.actuate.sanitize;

import org.jspecify.annotations.NullMarked;
