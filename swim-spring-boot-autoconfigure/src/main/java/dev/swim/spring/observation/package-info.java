/**
 * Micrometer Observations of the protocol's units of work, so a tracer shows each probe round and
 * each push-pull exchange this node opens.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.observation;

import org.jspecify.annotations.NullMarked;
