package dev.tproxy.runtime.internal.stage;

import dev.tproxy.runtime.ServiceCounters;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The routing logic of one stage, free of Netty's pipeline: {@link PrereadHandler} reads and
 * buffers, a decider only looks at the bytes. Every method receives all bytes received so far
 * and must not consume them.
 */
public interface RouteDecider {

  /** Every target this stage can choose, with the kind of rule that chooses it: counted from start. */
  Set<ServiceCounters.Route> routes();

  /** At accept, before reading: a forward stage decides here, the others wait for data. */
  Decision onConnect();

  /** After each chunk. */
  Decision onData(ByteBuf received);

  /**
   * After each chunk, knowing that the first {@code decidedBefore} bytes were looked at already
   * (a decider that searches the bytes need not search those again).
   */
  default Decision onData(ByteBuf received, int decidedBefore) {
    return onData(received);
  }

  /** How long to wait for a decision from accept on; empty: forever. */
  Optional<Duration> timeout();

  /** The timeout fired before a decision. */
  Decision onTimeout(ByteBuf received);

  /** The client shut down its sending side before a decision. */
  Decision onEndOfInput(ByteBuf received);

  /** The preread limit was reached without a decision. */
  Decision onLimit(ByteBuf received);
}
