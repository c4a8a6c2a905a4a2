package dev.tproxy.runtime.internal.forward;

import dev.tproxy.runtime.internal.Causes;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every upstream channel, there from the moment the channel exists: until
 * the relay is installed behind it, nobody else would see an exception on the channel, and Netty
 * would log it with a stack trace as one that "reached the tail of the pipeline". The guard ends
 * such a channel (the connection it was opened for learns of it through the failed connect or the
 * closed channel, and logs why); once a relay is behind it, exceptions are the relay's.
 */
@ChannelHandler.Sharable
final class UpstreamGuard extends ChannelInboundHandlerAdapter {
  static final UpstreamGuard INSTANCE = new UpstreamGuard();
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamGuard.class);

  private UpstreamGuard() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (ctx.pipeline().last() != this) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    LOG.debug("upstream {} failed before the relay started: {}", ctx.channel(), Causes.describe(cause));
    ctx.close();
  }
}
