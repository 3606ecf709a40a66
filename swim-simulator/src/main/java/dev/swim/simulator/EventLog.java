package dev.swim.simulator;

import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Records every membership event a simulation emits, in emission order, with the node that emitted
 * it and the virtual time. Attach it before starting the nodes; query it after running.
 */
public final class EventLog implements Simulator.EventSink {

  /**
   * One event as seen by one node.
   *
   * @param node the index of the host that emitted it
   * @param at virtual time in ms
   * @param type what happened
   * @param member the member it is about
   * @param incarnation the member's incarnation after the change
   * @param state the member's state after the change
   */
  public record Entry(
      int node,
      long at,
      MembershipEventType type,
      String member,
      long incarnation,
      MemberState state) {}

  private final List<Entry> entries = new ArrayList<>();

  /** A log attached to {@code sim}. */
  public static EventLog attach(Simulator sim) {
    EventLog log = new EventLog();
    sim.addSink(log);
    return log;
  }

  @Override
  public void onEvent(int node, long at, MembershipEvent event) {
    entries.add(
        new Entry(
            node,
            at,
            event.type(),
            event.member().name(),
            event.member().incarnation(),
            event.member().state()));
  }

  /** Every event so far, in order: the full trace. */
  public List<Entry> entries() {
    return entries;
  }

  /** The events matching {@code filter}, in order. */
  public List<Entry> where(Predicate<Entry> filter) {
    return entries.stream().filter(filter).toList();
  }

  /** Events of {@code type}, about any member. */
  public long count(MembershipEventType type) {
    return entries.stream().filter(e -> e.type() == type).count();
  }

  /** Events of {@code type} about {@code member}. */
  public long count(MembershipEventType type, String member) {
    return entries.stream().filter(e -> e.type() == type && e.member().equals(member)).count();
  }

  /** Events of {@code type} about members not in {@code excluded}. */
  public List<Entry> aboutOthers(MembershipEventType type, Set<String> excluded) {
    return where(e -> e.type() == type && !excluded.contains(e.member()));
  }

  /** The nodes that emitted {@code type} about {@code member} at or after {@code since}. */
  public Set<Integer> nodesWith(MembershipEventType type, String member, long since) {
    return entries.stream()
        .filter(e -> e.type() == type && e.member().equals(member) && e.at() >= since)
        .map(Entry::node)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** When any node first emitted {@code type} about {@code member} at or after {@code since}. */
  public OptionalLong firstAt(MembershipEventType type, String member, long since) {
    return entries.stream()
        .filter(e -> e.type() == type && e.member().equals(member) && e.at() >= since)
        .mapToLong(Entry::at)
        .min();
  }

  /** When the last node emitted {@code type} about {@code member} at or after {@code since}. */
  public OptionalLong lastAt(MembershipEventType type, String member, long since) {
    return entries.stream()
        .filter(e -> e.type() == type && e.member().equals(member) && e.at() >= since)
        .mapToLong(Entry::at)
        .max();
  }
}
