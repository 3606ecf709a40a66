/**
 * A JUnit 5 extension that starts a small SWIM cluster for each test: {@link
 * dev.swim.test.junit.SwimClusterTest} on a test class or method, and a {@link
 * dev.swim.test.junit.SwimCluster} parameter, in virtual time (the simulator, seeded) or real time
 * (real Gossipers on an in-memory network), with awaits that fail with every member's view.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.test.junit;

import org.jspecify.annotations.NullMarked;
