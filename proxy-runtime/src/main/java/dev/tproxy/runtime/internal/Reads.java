package dev.tproxy.runtime.internal;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;

/** Asking a channel for more data. */
public final class Reads {
  private Reads() {}

  /**
   * Requests a read unless the channel's input is shut down: there is nothing left to read then,
   * and a read interest on a socket at end of data only wakes the event loop for nothing (or, on
   * an epoll group made without {@code EpollWorkarounds}, fails with ENOENT from epoll_ctl).
   */
  public static void readUnlessShut(Channel channel) {
    if (channel instanceof DuplexChannel duplex && duplex.isInputShutdown()) {
      return;
    }
    channel.read();
  }
}
