/**
 * Auto-configuration of the SWIM protocol Observations.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
