package dev.swim.test.junit;

/** Which clock the members of a {@link SwimCluster} run on. */
public enum SwimTime {
  /**
   * The simulator's virtual clock: the real protocol and codec in one thread, seeded, so that a
   * test sees the same run every time and a simulated minute takes milliseconds. Time moves only
   * when the test runs it forward ({@link SwimCluster#runFor}, or an await).
   */
  VIRTUAL,

  /**
   * Real {@code Gossiper}s on the wall clock, connected by an in-memory network (no sockets): the
   * runtime's threads, timers and transport contract as in production.
   */
  REAL
}
