/**
 * Failure analyzers that turn common SWIM start-up mistakes into a message naming the property at
 * fault and what to do.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.diagnostics;

import org.jspecify.annotations.NullMarked;
