package dev.tproxy.runtime.internal.connection;

import dev.tproxy.runtime.RuntimeOptions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every client connection: counts the bytes that cross it both ways, keeps the
 * service's counters, and writes the connection's one log line when it closes. Counting reads a
 * buffer's length, never its bytes.
 */
public final class ConnectionTracker extends ChannelDuplexHandler {
  /** One INFO line per connection; turn this logger off to silence them. */
  private static final Logger LOG = LoggerFactory.getLogger("dev.tproxy.runtime.connections");

  private final ConnectionRecord record;
  private final ServiceStats stats;
  private final ConnectionRegistry registry;
  private final Consumer<String> lines;

  public ConnectionTracker(ConnectionRecord record, ServiceStats stats, ConnectionRegistry registry, Consumer<String> lines) {
    this.record = record;
    this.stats = stats;
    this.registry = registry;
    this.lines = lines;
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
    // The line is built only for a reader: at warn, with no consumer, closing costs nothing more.
    boolean logged = LOG.isInfoEnabled();
    if (logged || lines != RuntimeOptions.NO_CONNECTION_LOG) {
      String line = record.describe();
      if (logged) {
        LOG.info(line);
      }
      lines.accept(line);
    }
    registry.remove(ctx.channel());
    ctx.fireChannelInactive();
  }
}
