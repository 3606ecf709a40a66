package dev.swim.bench;

import java.lang.management.ManagementFactory;

/**
 * Figures of the processes that run a scenario's nodes, summed over them: CPU time, bytes
 * allocated, live threads and open file descriptors.
 *
 * @param cpuNanos CPU time (user + system) of every thread
 * @param allocatedBytes bytes allocated on the heap since the process started measuring, or -1 when
 *     unknown
 * @param threads live threads
 * @param openFiles open file descriptors, or -1 when unknown
 */
record ProcessFigures(long cpuNanos, long allocatedBytes, long threads, long openFiles) {

  /** This process's figures. */
  static ProcessFigures ofThisProcess() {
    return new ProcessFigures(
        ProcessProbe.cpuNanos(),
        AllocationCounter.allocatedBytes(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        ProcessProbe.openFileDescriptors());
  }

  /** The sum of this and {@code other}; a figure unknown (-1) in either is unknown in the sum. */
  ProcessFigures plus(ProcessFigures other) {
    return new ProcessFigures(
        cpuNanos + other.cpuNanos,
        sumOfKnown(allocatedBytes, other.allocatedBytes),
        threads + other.threads,
        sumOfKnown(openFiles, other.openFiles));
  }

  private static long sumOfKnown(long a, long b) {
    return a < 0 || b < 0 ? -1 : a + b;
  }

  /** The four numbers on one line, as a worker process answers them. */
  String toLine() {
    return cpuNanos + " " + allocatedBytes + " " + threads + " " + openFiles;
  }

  /** Parses {@link #toLine()}: exactly four integers, or an error quoting the line. */
  static ProcessFigures parse(String line) {
    String[] f = line.trim().split(" ");
    if (f.length != 4) {
      throw new IllegalStateException("malformed figures from a worker: " + line);
    }
    try {
      return new ProcessFigures(
          Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("malformed figures from a worker: " + line, e);
    }
  }
}
