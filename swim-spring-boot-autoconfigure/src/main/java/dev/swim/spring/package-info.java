/**
 * The Spring side of a SWIM cluster member: the Gossiper's lifecycle bean (joins after the web
 * server starts, leaves before it stops), the customizer hook and the configuration error type.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring;

import org.jspecify.annotations.NullMarked;
