/**
 * SWIM in Spring tests: every test context binds loopback on a free port with no seeds and the
 * {@code local} profile unless its test says otherwise with {@link
 * dev.swim.spring.test.AutoConfigureSwim}; {@link dev.swim.spring.test.LocalSwimPort} injects the
 * bound gossip port; {@link dev.swim.spring.test.SwimTestSettings} applies the same settings to a
 * context a test starts itself.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.spring.test;

import org.jspecify.annotations.NullMarked;
