/**
 * Spring application events for membership changes and cluster-wide user events, and the bean that
 * broadcasts user events.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.event;

import org.jspecify.annotations.NullMarked;
