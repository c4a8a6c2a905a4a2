package dev.tproxy.runtime;

/** Which Netty transport the runtime's own event loops use. */
public enum TransportKind {
  /** Native epoll (Linux), else NIO. */
  AUTO,
  /** Native epoll; starting fails where it is not available. The only transport with splice. */
  EPOLL,
  /**
   * Linux io_uring; starting fails where it is not available. No splice. Fewer system calls per
   * new connection than epoll, but on Netty 4.2.18 an upstream that resets while the relay is
   * holding back for a slow client goes unnoticed: that client waits until the idle timeout.
   */
  IO_URING,
  /** Java NIO: portable, no transparency, no splice. */
  NIO
}
