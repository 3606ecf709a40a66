package dev.swim.spring.autoconfigure.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swim.core.member.Member;
import dev.swim.core.member.MemberState;
import dev.swim.core.member.MembershipEvent;
import dev.swim.core.member.MembershipEventType;
import dev.swim.core.member.NodeAddress;
import dev.swim.spring.event.SwimMemberFailedEvent;
import dev.swim.spring.event.SwimMemberJoinedEvent;
import dev.swim.spring.event.SwimMemberLeftEvent;
import dev.swim.spring.event.SwimMemberRecoveredEvent;
import dev.swim.spring.event.SwimMemberRemovedEvent;
import dev.swim.spring.event.SwimMemberSuspectedEvent;
import dev.swim.spring.event.SwimMemberUpdatedEvent;
import dev.swim.spring.event.SwimMembershipEvent;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each of the seven core events becomes its own Spring event class, with member and old state. */
class SwimMembershipEventTests {

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(
            MembershipEventType.JOINED, MemberState.ALIVE, null, SwimMemberJoinedEvent.class),
        Arguments.of(
            MembershipEventType.UPDATED,
            MemberState.ALIVE,
            MemberState.ALIVE,
            SwimMemberUpdatedEvent.class),
        Arguments.of(
            MembershipEventType.SUSPECTED,
            MemberState.SUSPECT,
            MemberState.ALIVE,
            SwimMemberSuspectedEvent.class),
        Arguments.of(
            MembershipEventType.RECOVERED,
            MemberState.ALIVE,
            MemberState.SUSPECT,
            SwimMemberRecoveredEvent.class),
        Arguments.of(
            MembershipEventType.FAILED,
            MemberState.DEAD,
            MemberState.SUSPECT,
            SwimMemberFailedEvent.class),
        Arguments.of(
            MembershipEventType.LEFT,
            MemberState.LEFT,
            MemberState.ALIVE,
            SwimMemberLeftEvent.class),
        Arguments.of(
            MembershipEventType.REMOVED,
            MemberState.DEAD,
            MemberState.DEAD,
            SwimMemberRemovedEvent.class));
  }

  @ParameterizedTest
  @MethodSource("events")
  void eachCoreEventHasItsOwnClass(
      MembershipEventType type,
      MemberState state,
      MemberState previous,
      Class<? extends SwimMembershipEvent> expected) {
    Member member =
        new Member(
            "node-2", new NodeAddress("10.0.0.2", 7946), state, 3, Map.of("zone", "a"), 42, 1_000);
    Object source = new Object();

    SwimMembershipEvent e =
        SwimMembershipEvent.of(source, new MembershipEvent(type, member, previous));

    assertThat(e).isExactlyInstanceOf(expected);
    assertThat(e.getType()).isEqualTo(type);
    assertThat(e.getMember()).isSameAs(member);
    assertThat(e.getPreviousState()).isEqualTo(previous);
    assertThat(e.getSource()).isSameAs(source);
  }
}
