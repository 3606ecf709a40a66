/**
 * An in-memory network for tests: {@link dev.swim.test.transport.InMemoryNetwork} connects any
 * number of {@link dev.swim.test.transport.InMemoryTransport}s in one JVM, so that several SWIM
 * members run without sockets, with bounded queues, drop counters, isolation and partitions.
 *
 * <p>Null-marked: a parameter, field or return value is never {@code null} unless it is annotated
 * {@code @Nullable}; NullAway checks this at build time.
 */
@NullMarked
package dev.swim.test.transport;

import org.jspecify.annotations.NullMarked;
