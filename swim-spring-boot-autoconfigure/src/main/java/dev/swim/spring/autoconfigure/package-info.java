/**
 * Spring Boot auto-configuration of a SWIM cluster member: the {@code swim.*} properties and their
 * binding onto the Gossiper's configuration.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
