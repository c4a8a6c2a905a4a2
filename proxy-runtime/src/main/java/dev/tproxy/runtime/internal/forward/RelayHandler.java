package dev.tproxy.runtime.internal.forward;

import dev.tproxy.runtime.internal.Reads;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;

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
    // Read while held back, i.e. without asking: Netty does that only after POLLRDHUP (the other
    // end sent FIN or RST), to drain the socket; see failIfReset.
    boolean unasked = waitingForPeer;
    peer.flush();
    if (unasked && failIfReset(ctx)) {
      return;
    }
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

  /**
   * After a read this side did not ask for, fails the pair if the socket holds an error (a reset),
   * as epoll's own read would. Netty 4.2.18's io_uring channel drains a socket after POLLRDHUP but
   * stops once no data is left (IORING_CQE_F_SOCK_NONEMPTY clear), before the read that would
   * return ECONNRESET, and reports nothing; the reset would surface only when this side is read
   * again (see Transport's one-shot polls), so a peer that has stopped reading would keep its
   * connection until the idle timeout (docs/netty-epoll-bugs.md §3). One getsockopt(SO_ERROR),
   * only on this rare path; on epoll the drain itself reads the error and this finds none.
   */
  private boolean failIfReset(ChannelHandlerContext ctx) {
    if (!(self instanceof UnixChannel unix) || !(unix.fd() instanceof Socket socket) || !socket.isOpen()) {
      return false;
    }
    int error;
    try {
      error = socket.getSoError();
    } catch (IOException e) {
      return false;
    }
    if (error == 0) {
      return false;
    }
    exceptionCaught(ctx, Errors.newIOException("read", -error));
    return true;
  }

  /** The peer can take more: read this side again if it was held back. */
  void resume() {
    if (waitingForPeer) {
      waitingForPeer = false;
      Reads.readUnlessShut(self);
    }
  }
}
