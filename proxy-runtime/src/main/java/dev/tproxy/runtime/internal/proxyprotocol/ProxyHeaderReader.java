package dev.tproxy.runtime.internal.proxyprotocol;

import dev.tproxy.runtime.internal.Causes;
import dev.tproxy.model.IpPrefix;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Accepts the PROXY header (v1 or v2; Netty's {@link HAProxyMessageDecoder} in front of it parses
 * it) of a listener that expects one: only from a trusted peer, whose connection is closed at
 * once otherwise; within a timeout (nginx's {@code proxy_protocol_timeout}). Until the header is
 * in, the rest of the pipeline has not seen the connection become active, so a forward or TLS
 * stage starts with the real client's address, which then drives transparency and the log. A
 * LOCAL command or an UNKNOWN (or unix) source keeps the connection's own addresses, as the
 * protocol's specification says.
 */
public final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {
  private final List<IpPrefix> trusted;
  private final Duration timeout;
  private final ConnectionRecord record;
  private ScheduledFuture<?> timer;

  public ProxyHeaderReader(List<IpPrefix> trusted, Duration timeout, ConnectionRecord record) {
    this.trusted = List.copyOf(trusted);
    this.timeout = timeout;
    this.record = record;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    if (trusted.stream().noneMatch(p -> p.contains(peer))) {
      record.proxyHeaderFailed("peer " + peer.getHostAddress() + " may not send a PROXY header (trusted: "
          + trusted.stream().map(IpPrefix::toString).collect(Collectors.joining(", ")) + "), closed at once");
      ctx.close();
      return;
    }
    timer = ctx.executor().schedule(() -> {
      record.proxyHeaderFailed("no complete PROXY header within " + timeout.toMillis() + " ms");
      ctx.close();
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HAProxyMessage header)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      apply(ctx, header);
    } finally {
      ReferenceCountUtil.release(header);
    }
    cancelTimer();
    // The decoder removes itself after this and passes on what followed the header.
    ctx.pipeline().remove(this);
    ctx.fireChannelActive();
  }

  private void apply(ChannelHandlerContext ctx, HAProxyMessage header) {
    String version = header.protocolVersion().name().toLowerCase(java.util.Locale.ROOT);
    HAProxyProxiedProtocol p = header.proxiedProtocol();
    if (header.command() == HAProxyCommand.LOCAL
        || (p != HAProxyProxiedProtocol.TCP4 && p != HAProxyProxiedProtocol.TCP6)) {
      record.proxiedOwnAddressesKept(version, header.command() == HAProxyCommand.LOCAL ? "LOCAL" : p.name());
      return;
    }
    record.proxied(address(header.sourceAddress(), header.sourcePort()),
        address(header.destinationAddress(), header.destinationPort()), version);
  }

  /** The decoder checked the literal; no name lookup can happen. */
  private static InetSocketAddress address(String literal, int port) {
    return new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(literal), port);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ChannelInputShutdownEvent.INSTANCE) {
      record.proxyHeaderFailed("client ended its data before a complete PROXY header");
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    record.proxyHeaderFailed("invalid PROXY header: " + Causes.describe(cause));
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    ctx.fireChannelInactive();
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
