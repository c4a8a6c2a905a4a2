package dev.tproxy.runtime.internal.forward;

import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * A client connection joined to its upstream, however the bytes move between them ({@link
 * BufferRelay}, {@link SpliceRelay}): decides how the pair ends. Both channels share one event
 * loop, so this state needs no locking.
 *
 * <p>End of data from one side: with half-close (nginx {@code proxy_half_close}) the other side's
 * output is shut down once what is queued for it is written, and the pair closes when both
 * directions are done; without it (sslh, nginx's default) the pair closes once what is queued
 * towards the other side is written.
 */
final class RelaySession {
  private final Channel client;
  private final Channel upstream;
  private final ConnectionRecord record;
  private final boolean halfClose;
  private int outputsShut;
  private boolean closing;

  RelaySession(Channel client, Channel upstream, ConnectionRecord record, boolean halfClose) {
    this.client = client;
    this.upstream = upstream;
    this.record = record;
    this.halfClose = halfClose;
  }

  Channel client() {
    return client;
  }

  Channel upstream() {
    return upstream;
  }

  ConnectionRecord record() {
    return record;
  }

  /** Sends the bytes read while deciding upstream, ahead of anything relayed after them. */
  void sendReceived(ByteBuf received) {
    if (received.isReadable()) {
      upstream.writeAndFlush(received, upstream.voidPromise());
    } else {
      ReferenceCountUtil.release(received);
    }
  }

  void inputEnded(boolean fromClient) {
    Channel other = fromClient ? upstream : client;
    if (!halfClose) {
      record.closeReason(fromClient ? "client closed" : "upstream closed");
      closeAfterFlush(other);
      return;
    }
    other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
      if (other instanceof DuplexChannel duplex && other.isActive()) {
        SslHandler tls = other.pipeline().get(SslHandler.class);
        if (tls != null) {
          // TLS ends a direction with close_notify (RFC 8446 §6.1), then the TCP FIN follows.
          tls.closeOutbound().addListener(c -> duplex.shutdownOutput().addListener((ChannelFutureListener) s -> outputShut()));
        } else {
          duplex.shutdownOutput().addListener((ChannelFutureListener) s -> outputShut());
        }
      } else {
        outputShut();
      }
    });
  }

  private void outputShut() {
    if (++outputsShut == 2) {
      record.closeReason("both sides closed");
      closeBoth();
    }
  }

  void closed(boolean clientSide) {
    record.closeReason(clientSide ? "client closed" : "upstream closed");
    closeAfterFlush(clientSide ? upstream : client);
  }

  void failed(boolean clientSide, Throwable cause) {
    String side = clientSide ? "client" : "upstream";
    record.closeReason(cause instanceof IOException && String.valueOf(cause.getMessage()).contains("reset")
        ? side + " reset the connection"
        : side + " error: " + cause);
    closeBoth();
  }

  void idle() {
    record.closeReason("idle timeout");
    closeBoth();
  }

  /** Closes both once what is queued for {@code towards} has been written. */
  private void closeAfterFlush(Channel towards) {
    if (closing) {
      return;
    }
    closing = true;
    if (towards.isActive()) {
      towards.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> closeBoth());
    } else {
      closeBoth();
    }
  }

  private void closeBoth() {
    closing = true;
    client.close();
    upstream.close();
  }
}
