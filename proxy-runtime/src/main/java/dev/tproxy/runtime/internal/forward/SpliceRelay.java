package dev.tproxy.runtime.internal.forward;

import dev.tproxy.runtime.internal.PipelineNames;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Relays with splice(2) between two epoll sockets: the bytes go socket to pipe to socket inside
 * the kernel. Netty needs one event loop for both (and level-triggered epoll, its only mode in
 * 4.2); it handles
 * backpressure itself (it stops reading while the target's pipe is not drained). The pipeline
 * still sees end of input and closure, so ends are handled as in {@link BufferRelay}; idleness
 * is read from the client socket's tcp_info, since spliced bytes never pass the pipeline.
 */
final class SpliceRelay {
  private SpliceRelay() {}

  /**
   * Splices only between two epoll TCP sockets whose pipeline has nothing but the connection
   * tracker in front (a handler that transforms bytes, such as TLS, must see them), and only
   * while the client is still sending (a client that already ended has one direction left, which
   * the pipeline relay handles with its end-of-data bookkeeping).
   */
  static boolean canSplice(Channel client, Channel upstream, ConnectionRecord record) {
    return client instanceof EpollSocketChannel && upstream instanceof EpollSocketChannel
        && !record.isClientInputEnded()
        && client.pipeline().toMap().keySet().equals(Set.of(PipelineNames.TRACKER));
  }

  // Netty 4.2 deprecates spliceTo without a successor; splice is optional and off by default.
  @SuppressWarnings("deprecation")
  static void start(RelaySession session, ByteBuf received, Duration idleTimeout) {
    EpollSocketChannel client = (EpollSocketChannel) session.client();
    EpollSocketChannel upstream = (EpollSocketChannel) session.upstream();
    session.record().bytesUncounted();
    client.pipeline().addLast("splice-events", new RelayEvents(session, true));
    upstream.pipeline().addLast("splice-events", new RelayEvents(session, false));
    session.sendReceived(received);
    ChannelFutureListener onFailure = f -> {
      if (!f.isSuccess() && !(f.cause() instanceof ClosedChannelException)) {
        session.failed(f.channel() == client, f.cause());
      }
    };
    client.spliceTo(upstream, Integer.MAX_VALUE).addListener(onFailure);
    upstream.spliceTo(client, Integer.MAX_VALUE).addListener(onFailure);
    watchIdleness(session, client, idleTimeout);
    client.config().setAutoRead(true);
    upstream.config().setAutoRead(true);
  }

  private static void watchIdleness(RelaySession session, EpollSocketChannel client, Duration idleTimeout) {
    long idleMillis = idleTimeout.toMillis();
    long period = Math.max(10, Math.min(1000, idleMillis / 4));
    EpollTcpInfo info = new EpollTcpInfo();
    ScheduledFuture<?> check = client.eventLoop().scheduleAtFixedRate(() -> {
      client.tcpInfo(info);
      if (info.lastDataRecv() >= idleMillis && info.lastDataSent() >= idleMillis) {
        session.idle();
      }
    }, period, period, TimeUnit.MILLISECONDS);
    client.closeFuture().addListener((ChannelFuture f) -> check.cancel(false));
  }
}
