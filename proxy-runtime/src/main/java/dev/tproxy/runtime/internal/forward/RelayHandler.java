package dev.tproxy.runtime.internal.forward;

import dev.tproxy.runtime.internal.Reads;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

/**
 * Moves what one side sends to the other, buffer by buffer, without copying. Backpressure: the
 * side is read once per {@code read()} (AUTO_READ off); after each batch the peer is flushed and
 * the side is read again only if the peer is still writable, otherwise when the peer's
 * writability comes back (reported here by the handler of the opposite direction). So at most
 * the write-buffer high-water mark plus one read is held per direction, however slow the peer.
 */
final class RelayHandler extends RelayEvents {
  private final Channel peer;
  private RelayHandler opposite;
  private Channel self;
  private boolean waitingForPeer;

  RelayHandler(RelaySession session, Channel peer, boolean clientSide) {
    super(session, clientSide);
    this.peer = peer;
  }

  void opposite(RelayHandler opposite) {
    this.opposite = opposite;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    self = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    peer.write(msg, peer.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
    if (peer.isWritable()) {
      Reads.readUnlessShut(self);
    } else {
      waitingForPeer = true;
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      opposite.resume();
    }
    ctx.fireChannelWritabilityChanged();
  }

  /** The peer can take more: read this side again if it was held back. */
  void resume() {
    if (waitingForPeer) {
      waitingForPeer = false;
      Reads.readUnlessShut(self);
    }
  }
}
