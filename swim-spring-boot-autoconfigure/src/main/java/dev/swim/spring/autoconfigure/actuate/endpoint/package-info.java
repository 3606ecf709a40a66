/**
 * Auto-configuration of the {@code /actuator/swim} endpoint.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.autoconfigure.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
