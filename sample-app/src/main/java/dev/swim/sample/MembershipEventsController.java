package dev.swim.sample;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /membership-events}: the membership events this node received, in order. */
@RestController
public class MembershipEventsController {

  private final MembershipEventLog log;

  MembershipEventsController(MembershipEventLog log) {
    this.log = log;
  }

  /** The events, oldest first, as {@code [{type, member, state, at}, ...]}. */
  @GetMapping("/membership-events")
  public List<MembershipEventRecord> events() {
    return log.events();
  }
}
