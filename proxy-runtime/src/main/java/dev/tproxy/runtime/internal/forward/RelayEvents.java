package dev.tproxy.runtime.internal.forward;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Reports how one side of a relayed connection ends (end of its data, closure, an error, idleness)
 * to the {@link RelaySession}, whichever way the bytes move. {@link RelayHandler} adds the moving.
 */
class RelayEvents extends ChannelInboundHandlerAdapter {
  private final RelaySession session;
  private final boolean clientSide;

  RelayEvents(RelaySession session, boolean clientSide) {
    this.session = session;
    this.clientSide = clientSide;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ChannelInputShutdownEvent.INSTANCE) {
      session.inputEnded(clientSide);
    } else if (evt instanceof IdleStateEvent) {
      session.idle();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.closed(clientSide);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    session.failed(clientSide, cause);
  }
}
