package dev.tproxy.runtime.internal.stage;

import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import io.netty.channel.ChannelHandlerContext;

/** Takes a decided connection on to its target. */
public interface Dispatcher {
  /**
   * Called once, on the event loop, from the context of the handler that decided. The bytes read
   * so far (and any that arrive until then) are taken with {@link PrereadHandler#takeReceived()}
   * when the target is ready for them; the handler stays in the pipeline until the dispatcher
   * removes it, so nothing the client sends in between is lost.
   */
  void dispatch(ChannelHandlerContext ctx, Decision.Route route, PrereadHandler preread, ConnectionRecord record);
}
