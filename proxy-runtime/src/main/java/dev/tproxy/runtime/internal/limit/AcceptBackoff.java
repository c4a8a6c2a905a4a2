package dev.tproxy.runtime.internal.limit;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a listener: when accept() fails because the process has no file descriptor left (EMFILE,
 * {@code ulimit -n}) or the system none (ENFILE), stops accepting for a moment and then tries
 * again, as sslh-ev does ("the special problem of accept()ing when you can't", libev's manual):
 * the waiting clients stay in the kernel's backlog and are accepted once connections close. Any
 * other accept error pauses the same way. One warning per pause, not one per failed accept.
 */
@ChannelHandler.Sharable
public final class AcceptBackoff extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tproxy.runtime");

  private final String service;
  private final long pauseMillis;

  public AcceptBackoff(String service, long pauseMillis) {
    this.service = service;
    this.pauseMillis = pauseMillis;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!ctx.channel().config().isAutoRead()) {
      return; // already pausing
    }
    String what = cause instanceof IOException && String.valueOf(cause.getMessage()).contains("Too many open files")
        ? "no file descriptor left (ulimit -n)"
        : cause.toString();
    LOG.warn("service \"{}\" on {}: accept failed: {}; not accepting for {} ms, waiting clients stay queued",
        service, ctx.channel().localAddress(), what, pauseMillis);
    ctx.channel().config().setAutoRead(false);
    ctx.executor().schedule(() -> {
      if (ctx.channel().isOpen()) {
        ctx.channel().config().setAutoRead(true);
      }
    }, pauseMillis, TimeUnit.MILLISECONDS);
  }
}
