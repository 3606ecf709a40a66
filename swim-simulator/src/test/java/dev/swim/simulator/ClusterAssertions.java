package dev.swim.simulator;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.simulator.Simulator.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Conditions over every running host of a {@link Simulator}, and a way to measure how much virtual
 * time passes until one holds. Everything is in virtual time: nothing here sleeps or reads a clock.
 */
public final class ClusterAssertions {

  /** How often (virtual ms) {@link #timeUntil} re-checks its condition. */
  public static final long CHECK_EVERY_MS = 100;

  private ClusterAssertions() {}

  /**
   * Runs {@code sim} until {@code condition} holds, checking every {@link #CHECK_EVERY_MS} of
   * virtual time, for at most {@code maxMs}.
   *
   * @return the virtual ms elapsed until it held, or {@code -1} if it never did within {@code
   *     maxMs} (the simulation is then {@code maxMs} further on)
   */
  public static long timeUntil(Simulator sim, long maxMs, BooleanSupplier condition) {
    long start = sim.now();
    while (!condition.getAsBoolean()) {
      if (sim.now() - start >= maxMs) {
        return -1;
      }
      sim.runFor(Math.min(CHECK_EVERY_MS, start + maxMs - sim.now()));
    }
    return sim.now() - start;
  }

  /** The hosts that are not crashed. */
  public static List<Host> running(Simulator sim) {
    List<Host> out = new ArrayList<>();
    for (Host h : sim.hosts()) {
      if (!h.crashed()) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * True when every running host holds every running host (itself included) ALIVE, as the very
   * instance that is running now (its start id), and counts exactly that many live members: one
   * view, no ghost and no duplicate.
   */
  public static boolean oneView(Simulator sim) {
    List<Host> running = running(sim);
    for (Host observer : running) {
      if (observer.node().liveCount() != running.size()) {
        return false;
      }
      for (Host h : running) {
        Member m = observer.node().member(h.name());
        if (m == null
            || m.state() != MemberState.ALIVE
            || m.startId() != h.node().localInfo().startId()
            || !m.address().equals(h.address())) {
          return false;
        }
      }
    }
    return true;
  }

  /** True when every running host other than {@code member}'s own holds it in {@code state}. */
  public static boolean everyoneElseHolds(Simulator sim, String member, MemberState state) {
    for (Host observer : running(sim)) {
      if (!observer.name().equals(member) && observer.node().stateOf(member) != state) {
        return false;
      }
    }
    return true;
  }

  /** The running hosts that do not (yet) hold {@code member} in {@code state}, for messages. */
  public static List<String> notHolding(Simulator sim, String member, MemberState state) {
    List<String> out = new ArrayList<>();
    for (Host observer : running(sim)) {
      MemberState s = observer.node().stateOf(member);
      if (!observer.name().equals(member) && s != state) {
        out.add(observer.name() + "=" + s);
      }
    }
    return out;
  }

  /** A short description of who is missing whom, for failure messages (at most 10 lines). */
  public static String describeViews(Simulator sim) {
    StringBuilder sb = new StringBuilder();
    int lines = 0;
    List<Host> running = running(sim);
    for (Host observer : running) {
      List<String> wrong = new ArrayList<>();
      for (Host h : running) {
        Member m = observer.node().member(h.name());
        if (m == null) {
          wrong.add(h.name() + "=unknown");
        } else if (m.state() != MemberState.ALIVE) {
          wrong.add(h.name() + "=" + m.state());
        } else if (m.startId() != h.node().localInfo().startId()) {
          wrong.add(h.name() + "=old-instance");
        }
      }
      if (!wrong.isEmpty() || observer.node().liveCount() != running.size()) {
        sb.append(observer.name())
            .append(" live=")
            .append(observer.node().liveCount())
            .append(" wrong=")
            .append(wrong.size() > 8 ? wrong.subList(0, 8) + "..." : wrong)
            .append('\n');
        if (++lines == 10) {
          sb.append("...\n");
          break;
        }
      }
    }
    return sb.length() == 0 ? "one view" : sb.toString();
  }
}
