package dev.tproxy.runtime.internal;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;

/** Asking a channel for more data. */
public final class Reads {
  private Reads() {}

  /**
   * Requests a read unless the channel's input is shut down: there is nothing left to read then,
   * and Netty's epoll transport has already taken the socket out of its interest set, so a read
   * request would fail with ENOENT from epoll_ctl.
   */
  public static void readUnlessShut(Channel channel) {
    if (channel instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
      return;
    }
    channel.read();
  }
}
