package dev.tproxy.runtime.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Turns IPv6 clients away from a 0.0.0.0 listener that the transport could only bind as a
 * dual-stack socket (io_uring), so that it serves what nginx's and sslh's 0.0.0.0 serve: IPv4
 * clients (IPv4-mapped ones arrive as IPv4 addresses). The others are closed at once, before any
 * handler or log sees them, as the kernel would have refused them on an IPv4 socket.
 */
final class Ipv4ClientsOnly extends ChannelInitializer<Channel> {
  private final ChannelHandler service;

  Ipv4ClientsOnly(ChannelHandler service) {
    this.service = service;
  }

  @Override
  protected void initChannel(Channel ch) {
    if (ch.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() instanceof Inet6Address) {
      ch.close();
      return;
    }
    ch.pipeline().addLast(service);
  }
}
