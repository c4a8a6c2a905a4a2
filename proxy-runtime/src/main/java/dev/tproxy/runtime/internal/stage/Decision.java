package dev.tproxy.runtime.internal.stage;

import dev.tproxy.model.Target;
import dev.tproxy.runtime.internal.limit.ConnectionLimit;

/** What a stage decides about a connection from what the client has sent so far. */
public sealed interface Decision {

  /** Not decided yet: read more. */
  Decision NEED_MORE = new NeedMore();

  /** Wait for more bytes. */
  record NeedMore() implements Decision {}

  /**
   * Send the connection to {@code target}; {@code why} goes to the connection log; {@code limit}
   * is the chosen rule's connection limit, taken before connecting.
   */
  record Route(Target target, String why, ConnectionLimit limit) implements Decision {
    /** A route without a limit of its own. */
    public Route(Target target, String why) {
      this(target, why, ConnectionLimit.NONE);
    }
  }

  /** Close the connection without connecting anywhere. */
  record Close(String reason) implements Decision {}
}
