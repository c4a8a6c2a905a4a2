package dev.tproxy.runtime.internal.stage;

import dev.tproxy.model.Target;
import dev.tproxy.runtime.RouteReason;
import dev.tproxy.runtime.internal.limit.ConnectionLimit;

/** What a stage decides about a connection from what the client has sent so far. */
public sealed interface Decision {

  /** Not decided yet: read more. */
  Decision NEED_MORE = new NeedMore();

  /** Wait for more bytes. */
  record NeedMore() implements Decision {}

  /**
   * Send the connection to {@code target}; {@code reason} is the kind of rule that chose it (for
   * metrics and events), {@code why} the connection log's words for it; {@code limit} is the
   * chosen rule's connection limit, taken before connecting.
   */
  record Route(Target target, RouteReason reason, String why, ConnectionLimit limit) implements Decision {
    /** A route without a limit of its own. */
    public Route(Target target, RouteReason reason, String why) {
      this(target, reason, why, ConnectionLimit.NONE);
    }
  }

  /** Close the connection without connecting anywhere. */
  record Close(String reason) implements Decision {}
}
