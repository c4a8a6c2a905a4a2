package dev.tproxy.runtime.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;

/**
 * The child handler of one listening socket: it hands each accepted connection to the
 * initializer of the service that owns the socket now. An update swaps the initializer, so a
 * listener whose address stays keeps its socket (and its backlog of not yet accepted clients)
 * while its service changes, and no client is refused during the change.
 */
@ChannelHandler.Sharable
final class ServiceSwitch extends ChannelInitializer<Channel> {
  private volatile ServiceInitializer current;

  ServiceSwitch(ServiceInitializer initial) {
    this.current = initial;
  }

  void switchTo(ServiceInitializer next) {
    this.current = next;
  }

  String service() {
    return current.service();
  }

  @Override
  protected void initChannel(Channel ch) {
    current.initChannel(ch);
  }
}
