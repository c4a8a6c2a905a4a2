package dev.tproxy.runtime.internal.forward;

import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import dev.tproxy.runtime.internal.stage.PrereadHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;

/**
 * Gives the client's own channel to an embedder's handler: no second socket, no loopback hop,
 * and the handler sees the client's real address. The handler is added behind the runtime's
 * handlers (the connection tracker stays in front and keeps counting), then sees the channel
 * become active and the bytes read while deciding, as if it had read them itself. The channel
 * gets Netty's default configuration back (AUTO_READ on, no half-closure events).
 */
final class InProcessHandover {
  private InProcessHandover() {}

  static void handover(ChannelHandlerContext ctx, Destination.InProcess target, PrereadHandler preread,
      ConnectionRecord record) {
    // The decision may be taken inside a read batch, whose channelReadComplete Netty fires when
    // the batch ends; handing over after it keeps the embedder's events exact (one read, one
    // read-complete). Until then the preread handler keeps collecting.
    ctx.executor().execute(() -> {
      if (ctx.channel().isActive()) {
        handoverNow(ctx, target, preread, record);
      }
    });
  }

  private static void handoverNow(ChannelHandlerContext ctx, Destination.InProcess target, PrereadHandler preread,
      ConnectionRecord record) {
    Channel channel = ctx.channel();
    record.inProcess(target.name());
    String name = "in-process:" + target.name();
    ctx.pipeline().addAfter(ctx.name(), name, target.handler());
    // Events fired from this context reach only the handlers behind it: the embedder's.
    ctx.fireChannelActive();
    ByteBuf received = preread.takeReceived();
    if (received.isReadable()) {
      ctx.fireChannelRead(received);
      ctx.fireChannelReadComplete();
    } else {
      ReferenceCountUtil.release(received);
    }
    ctx.pipeline().remove(preread);
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
    if (record.isClientInputEnded()) {
      // Netty closes a channel at end of input unless half-closure is allowed; the embedder's
      // pipeline would have seen exactly that.
      channel.close();
    } else {
      channel.config().setAutoRead(true);
    }
  }
}
