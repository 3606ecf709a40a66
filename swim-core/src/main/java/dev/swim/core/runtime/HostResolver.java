package dev.swim.core.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a seed host name to all its addresses; substitutable in tests. */
@FunctionalInterface
public interface HostResolver {
  /** The system resolver: every A and AAAA record. */
  HostResolver SYSTEM = InetAddress::getAllByName;

  /** Every address of {@code host}; throws when it does not resolve. */
  InetAddress[] resolve(String host) throws UnknownHostException;
}
