/**
 * The SWIM and Lifeguard protocol engine, sans-I/O: {@code SwimNode} is handed the time, the
 * received bytes and a seeded random source, and answers with datagrams to send, timers to set and
 * events to report. No sockets, threads, clocks or global randomness live here.
 *
 * <p>Nullness: no parameter accepts and no method returns {@code null} unless its documentation
 * says so (as for an optional value that is absent). Passing {@code null} elsewhere is a
 * programming error; public entry points reject it with a {@link NullPointerException}.
 */
package dev.swim.core.protocol;
