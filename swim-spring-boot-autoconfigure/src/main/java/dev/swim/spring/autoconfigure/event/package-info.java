/**
 * Auto-configuration of the bridges from SWIM membership and user events to Spring application
 * events.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.autoconfigure.event;

import org.jspecify.annotations.NullMarked;
