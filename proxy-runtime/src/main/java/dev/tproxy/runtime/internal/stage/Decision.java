package dev.tproxy.runtime.internal.stage;

import dev.tproxy.model.Target;

/** What a stage decides about a connection from what the client has sent so far. */
public sealed interface Decision {

  /** Not decided yet: read more. */
  Decision NEED_MORE = new NeedMore();

  /** Wait for more bytes. */
  record NeedMore() implements Decision {}

  /** Send the connection to {@code target}; {@code why} goes to the connection log. */
  record Route(Target target, String why) implements Decision {}

  /** Close the connection without connecting anywhere. */
  record Close(String reason) implements Decision {}
}
