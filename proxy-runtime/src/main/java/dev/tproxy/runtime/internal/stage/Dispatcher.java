package dev.tproxy.runtime.internal.stage;

import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/** Takes a decided connection on to its target. */
public interface Dispatcher {
  /**
   * Called once, on the event loop, from the context of the handler that decided (which the
   * dispatcher removes). {@code received} are the bytes read while deciding, to be delivered
   * first and unchanged; the dispatcher owns them.
   */
  void dispatch(ChannelHandlerContext ctx, Decision.Route route, ByteBuf received, ConnectionRecord record);
}
