package dev.swim.core.settings;

import java.util.Locale;

/** The named starting points of the settings, with memberlist's LAN, WAN and local values. */
public enum Profile {
  /** A data-centre network: 1 s probes, 500 ms timeout. The default. */
  LAN,
  /** Across regions: 5 s probes, 3 s timeout, longer suspicion. */
  WAN,
  /** One host or loopback: 1 s probes, 200 ms timeout, quick gossip. */
  LOCAL;

  /** The name as written in a property value: lan, wan or local. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
