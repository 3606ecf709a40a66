/**
 * Auto-configuration of the live membership dashboard (off unless {@code swim.dashboard.enabled} is
 * true) for servlet and reactive web applications, and the {@code swim.dashboard.*} properties.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.autoconfigure.dashboard;

import org.jspecify.annotations.NullMarked;
