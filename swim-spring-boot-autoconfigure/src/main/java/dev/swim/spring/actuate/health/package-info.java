/**
 * The SWIM health indicator: the Gossiper's lifecycle and the Lifeguard health score.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.actuate.health;

import org.jspecify.annotations.NullMarked;
