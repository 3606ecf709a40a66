package dev.swim.spring.actuate.endpoint;

import dev.swim.core.member.Member;
import java.util.List;

/**
 * How many members this node knows, by state (this node included).
 *
 * @param alive members ALIVE
 * @param suspect members SUSPECT
 * @param dead members DEAD, not yet removed
 * @param left members LEFT, not yet removed
 * @param total all of them
 */
public record MemberCounts(int alive, int suspect, int dead, int left, int total) {

  /** Counts {@code members} by state. */
  public static MemberCounts of(List<Member> members) {
    int alive = 0;
    int suspect = 0;
    int dead = 0;
    int left = 0;
    for (Member m : members) {
      switch (m.state()) {
        case ALIVE -> alive++;
        case SUSPECT -> suspect++;
        case DEAD -> dead++;
        case LEFT -> left++;
      }
    }
    return new MemberCounts(alive, suspect, dead, left, members.size());
  }
}
