package dev.swim.bench;

import dev.swim.simulator.Json;

/**
 * Our protocol's counters summed over the members of one or more processes: at a point in time
 * ({@link SwimHarness#totals()}), or over the steady window as the difference of two such points
 * (the {@code steady_counters} object of the result line).
 *
 * @param suspicions suspicions started
 * @param deadSent dead messages sent
 * @param suspectSent suspect messages sent
 * @param datagramBytesSent bytes sent in datagrams
 * @param streamBytesSent bytes sent over streams
 * @param messagesSent messages sent, every kind
 */
record SteadyCounters(
    long suspicions,
    long deadSent,
    long suspectSent,
    long datagramBytesSent,
    long streamBytesSent,
    long messagesSent) {

  /** No counts. */
  static final SteadyCounters ZERO = new SteadyCounters(0, 0, 0, 0, 0, 0);

  private static final int FIELDS = 6;

  /** The sum of this and {@code o}. */
  SteadyCounters plus(SteadyCounters o) {
    return new SteadyCounters(
        suspicions + o.suspicions,
        deadSent + o.deadSent,
        suspectSent + o.suspectSent,
        datagramBytesSent + o.datagramBytesSent,
        streamBytesSent + o.streamBytesSent,
        messagesSent + o.messagesSent);
  }

  /** This minus {@code o}: the counts between {@code o} (earlier) and this (later). */
  SteadyCounters minus(SteadyCounters o) {
    return new SteadyCounters(
        suspicions - o.suspicions,
        deadSent - o.deadSent,
        suspectSent - o.suspectSent,
        datagramBytesSent - o.datagramBytesSent,
        streamBytesSent - o.streamBytesSent,
        messagesSent - o.messagesSent);
  }

  /** The JSON object with the result line's field names. */
  String toJson() {
    return new Json()
        .put("suspicions", suspicions)
        .put("dead_sent", deadSent)
        .put("suspect_sent", suspectSent)
        .put("datagram_bytes_sent", datagramBytesSent)
        .put("stream_bytes_sent", streamBytesSent)
        .put("messages_sent", messagesSent)
        .toString();
  }

  /** The six numbers on one line in declaration order, as a worker process answers them. */
  String toLine() {
    return suspicions
        + " "
        + deadSent
        + " "
        + suspectSent
        + " "
        + datagramBytesSent
        + " "
        + streamBytesSent
        + " "
        + messagesSent;
  }

  /** Parses {@link #toLine()}: exactly six integers, or an error quoting the line. */
  static SteadyCounters parse(String line) {
    String[] f = line.trim().split(" ");
    if (f.length != FIELDS) {
      throw malformed(line, null);
    }
    try {
      return new SteadyCounters(
          Long.parseLong(f[0]),
          Long.parseLong(f[1]),
          Long.parseLong(f[2]),
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          Long.parseLong(f[5]));
    } catch (NumberFormatException e) {
      throw malformed(line, e);
    }
  }

  private static IllegalStateException malformed(String line, Throwable cause) {
    return new IllegalStateException(
        "malformed counters from a worker (want " + FIELDS + " integers): " + line, cause);
  }
}
