/**
 * The live membership dashboard: a read-only page with its script and style, a JSON configuration
 * endpoint and a server-sent event stream fed by the Gossiper's membership and user events, served
 * by Spring MVC or WebFlux functional endpoints. Every value from the network travels as JSON data
 * and is rendered as text.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.dashboard;

import org.jspecify.annotations.NullMarked;
