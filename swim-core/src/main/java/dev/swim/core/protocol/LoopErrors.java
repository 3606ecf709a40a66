package dev.swim.core.protocol;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node does with an exception thrown while it handles a timer or a message: counts it
 * ({@code loop_errors}), logs it with its stack at most once a minute (later ones at debug), and
 * carries on, so that one fault (a listener, a transport, a bug) never stops probing or answering.
 */
final class LoopErrors {
  private static final Logger log = LoggerFactory.getLogger(SwimNode.class);
  static final long LOG_EVERY_MS = 60_000;

  private final NodeContext ctx;
  private long lastLogAt = Long.MIN_VALUE / 2;

  LoopErrors(NodeContext ctx) {
    this.ctx = ctx;
  }

  /** Records {@code e}, thrown while handling {@code what}. */
  void record(String what, RuntimeException e) {
    ctx.stats.loopErrors++;
    if (ctx.now - lastLogAt >= LOG_EVERY_MS) {
      lastLogAt = ctx.now;
      log.error(
          "SWIM member '{}': {} failed ({} failure(s) so far; the node carries on, further ones"
              + " are logged at debug for a minute)",
          LogSafe.text(ctx.localName),
          what,
          ctx.stats.loopErrors,
          e);
    } else if (log.isDebugEnabled()) {
      log.debug("SWIM member '{}': {} failed", LogSafe.text(ctx.localName), what, e);
    }
  }
}
