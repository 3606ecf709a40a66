package dev.swim.core.protocol;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counters kept by the protocol. Written only by the thread that drives the node; read them there
 * (the runtime copies them on its event loop).
 */
public final class ProtocolStats {
  /** Message kinds, in the order of the per-type arrays. */
  public static final List<String> MESSAGE_TYPES =
      List.of(
          "ping",
          "ack",
          "ping-req",
          "nack",
          "alive",
          "suspect",
          "dead",
          "push-pull",
          "compound",
          "user-event");

  /**
   * Why a well-formed message (or part of one) was refused by the protocol: each is counted, and
   * none changes this node's view. Names are stable: they appear in metrics and the actuator.
   */
  public enum Rejection {
    /** An incarnation above the ceiling, or more than the allowed step above the one held. */
    IMPLAUSIBLE_INCARNATION,
    /** An accusation about another instance (start id) of the member than the one held. */
    OTHER_INSTANCE,
    /** Metadata or a user event over its configured limit. */
    OVERSIZED,
    /** A member, source or event name that is empty, too long or holds control characters. */
    INVALID_NAME,
    /** An address whose host is not an IP literal (the protocol never resolves names). */
    INVALID_ADDRESS,
    /** A new member refused because the table holds {@code maxMembers} already. */
    MEMBER_LIMIT,
    /** A push-pull state with more records than {@code maxMembers}. */
    STATE_TOO_LARGE,
    /** A ping-req refused because the most relays are already in flight. */
    RELAY_LIMIT,
    /** A reply to an unproven address that would exceed three times the bytes received. */
    REPLY_BUDGET,
    /** A claim check not started because the most checks are already in flight. */
    CHECK_LIMIT
  }

  final long[] rejected = new long[Rejection.values().length];
  final long[] messagesSent = new long[MESSAGE_TYPES.size()];
  final long[] messagesReceived = new long[MESSAGE_TYPES.size()];
  long probesDirect;
  long probesIndirect;
  long probesTcp;
  long probesFailed;
  long datagramsSent;
  long datagramBytesSent;
  long datagramsReceived;
  long datagramBytesReceived;
  long streamBytesSent;
  long streamBytesReceived;
  long decodeErrors;
  long wrongLabel;
  long wrongTarget;
  long suspicions;
  long refutations;
  long nameClashes;
  long probeRttCount;
  long probeRttTotalMicros;
  long probeRttMaxMicros;
  long deadDeclared;
  long userEventsDelivered;
  long pushPulls;
  long conflicts;
  long claimChecks;
  long addressValidations;
  long loopErrors;
  long userEventOriginsEvicted;
  long stateRecordsCapped;
  long resurrectionsRefused;
  long reconnects;
  long reapedRecordsEvicted;

  ProtocolStats() {}

  /**
   * A copy of {@code other} at this moment: a handful of allocations, so that the runtime can
   * publish the counters every second and build its map-based view only when someone reads it.
   */
  public ProtocolStats(ProtocolStats other) {
    System.arraycopy(other.rejected, 0, rejected, 0, rejected.length);
    System.arraycopy(other.messagesSent, 0, messagesSent, 0, messagesSent.length);
    System.arraycopy(other.messagesReceived, 0, messagesReceived, 0, messagesReceived.length);
    this.probesDirect = other.probesDirect;
    this.probesIndirect = other.probesIndirect;
    this.probesTcp = other.probesTcp;
    this.probesFailed = other.probesFailed;
    this.datagramsSent = other.datagramsSent;
    this.datagramBytesSent = other.datagramBytesSent;
    this.datagramsReceived = other.datagramsReceived;
    this.datagramBytesReceived = other.datagramBytesReceived;
    this.streamBytesSent = other.streamBytesSent;
    this.streamBytesReceived = other.streamBytesReceived;
    this.decodeErrors = other.decodeErrors;
    this.wrongLabel = other.wrongLabel;
    this.wrongTarget = other.wrongTarget;
    this.suspicions = other.suspicions;
    this.refutations = other.refutations;
    this.nameClashes = other.nameClashes;
    this.probeRttCount = other.probeRttCount;
    this.probeRttTotalMicros = other.probeRttTotalMicros;
    this.probeRttMaxMicros = other.probeRttMaxMicros;
    this.deadDeclared = other.deadDeclared;
    this.userEventsDelivered = other.userEventsDelivered;
    this.pushPulls = other.pushPulls;
    this.conflicts = other.conflicts;
    this.claimChecks = other.claimChecks;
    this.addressValidations = other.addressValidations;
    this.loopErrors = other.loopErrors;
    this.userEventOriginsEvicted = other.userEventOriginsEvicted;
    this.stateRecordsCapped = other.stateRecordsCapped;
    this.resurrectionsRefused = other.resurrectionsRefused;
    this.reconnects = other.reconnects;
    this.reapedRecordsEvicted = other.reapedRecordsEvicted;
  }

  @SuppressWarnings("EnumOrdinal") // a dense per-reason array, never stored or sent
  void reject(Rejection reason) {
    rejected[reason.ordinal()]++;
  }

  /** How often {@code reason} refused a message. */
  @SuppressWarnings("EnumOrdinal")
  public long rejected(Rejection reason) {
    return rejected[reason.ordinal()];
  }

  /** Every rejection count, by reason. */
  public Map<Rejection, Long> rejections() {
    Map<Rejection, Long> m = new EnumMap<>(Rejection.class);
    for (Rejection r : Rejection.values()) {
      m.put(r, rejected(r));
    }
    return m;
  }

  /**
   * Claims that a live member moved to another address while the instance at its held address still
   * answered (or that one instance moved at all): the member kept its address.
   */
  public long conflicts() {
    return conflicts;
  }

  /** Direct checks of a member at its held address (address claims, implausible incarnations). */
  public long claimChecks() {
    return claimChecks;
  }

  /** Exceptions caught while handling a timer or a message; the node carried on after each. */
  public long loopErrors() {
    return loopErrors;
  }

  /** Pings sent to ask a member that has not yet answered at its address to prove it receives. */
  public long addressValidations() {
    return addressValidations;
  }

  /** User-event origins forgotten because the most origins were tracked already. */
  public long userEventOriginsEvicted() {
    return userEventOriginsEvicted;
  }

  /** Member records left out of a push-pull state sent, to keep it within the state limit. */
  public long stateRecordsCapped() {
    return stateRecordsCapped;
  }

  /** Stale news of a reaped member refused, which would have brought it back (see docs). */
  public long resurrectionsRefused() {
    return resurrectionsRefused;
  }

  /** Members that failed long ago contacted again, so that a long partition heals. */
  public long reconnects() {
    return reconnects;
  }

  /** Records of reaped members dropped because the most were held (the member limit). */
  public long reapedRecordsEvicted() {
    return reapedRecordsEvicted;
  }

  static int typeIndex(int wireType) {
    return Math.max(0, Math.min(MESSAGE_TYPES.size() - 1, wireType - 1));
  }

  /** Messages sent by type, in {@link #MESSAGE_TYPES} order. */
  public long[] messagesSent() {
    return Arrays.copyOf(messagesSent, messagesSent.length);
  }

  /** Messages received by type, in {@link #MESSAGE_TYPES} order. */
  public long[] messagesReceived() {
    return Arrays.copyOf(messagesReceived, messagesReceived.length);
  }

  /** Probe rounds by outcome. */
  public ProbeOutcomes probes() {
    return new ProbeOutcomes(probesDirect, probesIndirect, probesTcp, probesFailed);
  }

  /** Datagrams sent. */
  public long datagramsSent() {
    return datagramsSent;
  }

  /** Bytes of datagrams sent (before transport overhead). */
  public long datagramBytesSent() {
    return datagramBytesSent;
  }

  /** Datagrams received. */
  public long datagramsReceived() {
    return datagramsReceived;
  }

  /** Bytes of datagrams received. */
  public long datagramBytesReceived() {
    return datagramBytesReceived;
  }

  /** Bytes of stream requests and responses sent. */
  public long streamBytesSent() {
    return streamBytesSent;
  }

  /** Bytes of stream requests and responses received. */
  public long streamBytesReceived() {
    return streamBytesReceived;
  }

  /** Packets that failed to decode. */
  public long decodeErrors() {
    return decodeErrors;
  }

  /** Packets with another cluster label (without encryption; with it they fail to open). */
  public long wrongLabel() {
    return wrongLabel;
  }

  /** Pings addressed to another name (e.g. a restarted process at a reused address). */
  public long wrongTarget() {
    return wrongTarget;
  }

  /** Suspicions this node started. */
  public long suspicions() {
    return suspicions;
  }

  /** Accusations about this node that it refuted. */
  public long refutations() {
    return refutations;
  }

  /** Name clashes detected (two live instances with one name). */
  public long nameClashes() {
    return nameClashes;
  }

  /** Direct probe round trips measured. */
  public long probeRttCount() {
    return probeRttCount;
  }

  /** Their total in microseconds. */
  public long probeRttTotalMicros() {
    return probeRttTotalMicros;
  }

  /** The largest in microseconds. */
  public long probeRttMaxMicros() {
    return probeRttMaxMicros;
  }

  /** Members this node declared DEAD itself. */
  public long deadDeclared() {
    return deadDeclared;
  }

  /** User events delivered. */
  public long userEventsDelivered() {
    return userEventsDelivered;
  }

  /** Push-pull exchanges completed (initiated or answered). */
  public long pushPulls() {
    return pushPulls;
  }
}
