package dev.swim.spring.test;

/** Which transport the SWIM member of a Spring test context uses ({@link AutoConfigureSwim}). */
public enum SwimTestTransport {
  /** The real UDP and TCP transport, on the address the test's settings give (loopback). */
  SOCKETS,

  /**
   * An in-memory transport on the {@link dev.swim.test.transport.InMemoryNetwork} named by {@link
   * AutoConfigureSwim#network()}: no socket is opened, and the members of every context that names
   * the same network reach each other.
   */
  IN_MEMORY
}
