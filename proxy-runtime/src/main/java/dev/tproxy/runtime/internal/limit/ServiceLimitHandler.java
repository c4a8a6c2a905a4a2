package dev.tproxy.runtime.internal.limit;

import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Enforces a service's {@code max-connections} right after accept, behind the tracker (which
 * still counts and logs the refused connection): a connection over the limit is closed before
 * anything reads from it or connects for it. One that fits takes its place until it closes; the
 * handler then leaves the pipeline, so that it never stands between the client and a splice.
 */
public final class ServiceLimitHandler extends ChannelInboundHandlerAdapter {
  private final ConnectionLimit limit;
  private final ConnectionRecord record;

  public ServiceLimitHandler(ConnectionLimit limit, ConnectionRecord record) {
    this.limit = limit;
    this.record = record;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!limit.tryAcquire()) {
      record.refused(limit.refusal());
      ctx.close();
      return;
    }
    ctx.channel().closeFuture().addListener((ChannelFutureListener) f -> limit.release());
    ctx.pipeline().remove(this);
    ctx.fireChannelActive();
  }
}
