package dev.swim.spring.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The default node name: {@code <host name>-<bind port>}, or {@code <host name>-<pid>} when the
 * bind port is 0. Two processes on one host cannot bind the same port, and never share a process
 * id, so the default is unique per process; with a fixed port it also survives restarts, which lets
 * a restarted node take its name back at once.
 */
final class SwimNodeNames {

  private static final int MAX_HOST_LENGTH = 100;

  private SwimNodeNames() {}

  /** The default name of a node bound to {@code bindPort}. */
  static String defaultName(int bindPort) {
    String suffix =
        bindPort != 0 ? Integer.toString(bindPort) : Long.toString(ProcessHandle.current().pid());
    return hostName() + "-" + suffix;
  }

  /** This host's name: $HOSTNAME, else the resolver's local host name, else "localhost". */
  static String hostName() {
    String name = System.getenv("HOSTNAME");
    if (name == null || name.isBlank()) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException | SecurityException e) {
        name = "localhost";
      }
    }
    name = name.trim();
    return name.length() > MAX_HOST_LENGTH ? name.substring(0, MAX_HOST_LENGTH) : name;
  }
}
