package dev.swim.core.runtime;

import dev.swim.core.member.NodeAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ProtocolObserver}s of one Gossiper, and the dispatch to them that never lets one
 * observer's exception reach the protocol or the others.
 */
final class ProtocolObservers {
  private static final Logger log = LoggerFactory.getLogger(ProtocolObservers.class);

  private final CopyOnWriteArrayList<ProtocolObserver> observers = new CopyOnWriteArrayList<>();
  private final Set<ProtocolObserver> warned = ConcurrentHashMap.newKeySet();
  private long exchanges; // written on the event loop only

  void add(ProtocolObserver o) {
    observers.add(o);
  }

  void remove(ProtocolObserver o) {
    observers.remove(o);
    warned.remove(o);
  }

  boolean isEmpty() {
    return observers.isEmpty();
  }

  void probeStarted(long round, String target) {
    for (ProtocolObserver o : observers) {
      try {
        o.probeStarted(round, target);
      } catch (RuntimeException e) {
        failed(o, e);
      }
    }
  }

  void probeEnded(long round, String target, String outcome, long rttMicros) {
    for (ProtocolObserver o : observers) {
      try {
        o.probeEnded(round, target, outcome, rttMicros);
      } catch (RuntimeException e) {
        failed(o, e);
      }
    }
  }

  /** Tells every observer an exchange began; returns its id (0 when nobody watches). */
  long pushPullStarted(NodeAddress peer, boolean join) {
    if (observers.isEmpty()) {
      return 0;
    }
    long id = ++exchanges;
    for (ProtocolObserver o : observers) {
      try {
        o.pushPullStarted(id, peer, join);
      } catch (RuntimeException e) {
        failed(o, e);
      }
    }
    return id;
  }

  void pushPullEnded(long exchange, NodeAddress peer, boolean answered) {
    if (exchange == 0) {
      return;
    }
    for (ProtocolObserver o : observers) {
      try {
        o.pushPullEnded(exchange, peer, answered);
      } catch (RuntimeException e) {
        failed(o, e);
      }
    }
  }

  private void failed(ProtocolObserver o, RuntimeException e) {
    if (warned.add(o)) {
      log.warn("Protocol observer {} failed; its later failures are not logged", o, e);
    }
  }
}
