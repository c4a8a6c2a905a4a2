package dev.tproxy.runtime.internal.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * First handler of every client connection: counts the bytes that cross it both ways, keeps the
 * service's counters, and reports the connection ({@link ConnectionOutputs}) when it closes.
 * Counting reads a buffer's length, never its bytes.
 */
public final class ConnectionTracker extends ChannelDuplexHandler {
  private final ConnectionRecord record;
  private final ServiceStats stats;
  private final ConnectionRegistry registry;
  private final ConnectionOutputs outputs;

  public ConnectionTracker(ConnectionRecord record, ServiceStats stats, ConnectionRegistry registry, ConnectionOutputs outputs) {
    this.record = record;
    this.stats = stats;
    this.registry = registry;
    this.outputs = outputs;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    stats.accepted.increment();
    stats.active.increment();
    registry.add(ctx.channel(), record);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      record.addFromClient(buf.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf buf) {
      record.addToClient(buf.readableBytes());
    }
    ctx.write(msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stats.active.decrement();
    stats.closed.increment();
    outputs.closed(record);
    registry.remove(ctx.channel());
    ctx.fireChannelInactive();
  }
}
