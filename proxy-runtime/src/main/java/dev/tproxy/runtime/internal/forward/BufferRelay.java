package dev.tproxy.runtime.internal.forward;

import dev.tproxy.runtime.internal.Reads;
import io.netty.buffer.ByteBuf;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Relays through the pipelines, one {@link RelayHandler} per direction, buffers passed on as they are. */
final class BufferRelay {
  private BufferRelay() {}

  /** Must run on the event loop the two channels share. */
  static void start(RelaySession session, ByteBuf received, Duration idleTimeout) {
    RelayHandler fromClient = new RelayHandler(session, session.upstream(), true);
    RelayHandler fromUpstream = new RelayHandler(session, session.client(), false);
    fromClient.opposite(fromUpstream);
    fromUpstream.opposite(fromClient);
    // One idle timer for both directions: every read and every completed write on the client's
    // connection is activity, whichever side it comes from (nginx proxy_timeout).
    session.client().pipeline().addLast("idle",
        new IdleStateHandler(true, 0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
    session.client().pipeline().addLast("relay", fromClient);
    session.upstream().pipeline().addLast("relay", fromUpstream);
    session.sendReceived(received);
    if (session.record().isClientInputEnded()) {
      session.inputEnded(true);
    } else {
      Reads.readUnlessShut(session.client());
    }
    Reads.readUnlessShut(session.upstream());
  }
}
