package dev.tproxy.runtime.internal;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * A bound listening socket and the switch that gives its connections to a service.
 *
 * @param key what the topology asked for, the identity kept across updates
 */
record ListenerSlot(ListenerSlot.Key key, Channel channel, ServiceSwitch services) {

  InetSocketAddress boundAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  /**
   * The address a listener was asked for (after local mode moved it). An ephemeral port (0) is
   * not an identity of its own: such a listener belongs to its service, and is kept across an
   * update only for that service.
   */
  record Key(InetSocketAddress wanted, String ephemeralOwner) {
    static Key of(String service, InetSocketAddress wanted) {
      return new Key(wanted, wanted.getPort() == 0 ? service : null);
    }
  }
}
