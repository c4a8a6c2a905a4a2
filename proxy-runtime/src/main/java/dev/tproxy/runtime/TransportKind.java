package dev.tproxy.runtime;

/** Which Netty transport the runtime's own event loops use. */
public enum TransportKind {
  /** Native epoll (Linux), else NIO. */
  AUTO,
  /** Native epoll; starting fails where it is not available. The only transport with splice. */
  EPOLL,
  /**
   * Linux io_uring; starting fails where it is not available. No splice. Fewer system calls per
   * new connection than epoll. Netty 4.2.18 misses a reset that follows a peer's last bytes; the
   * runtime works around it (one-shot POLLIN polls, docs/netty-epoll-bugs.md §3).
   */
  IO_URING,
  /** Java NIO: portable, no transparency, no splice. */
  NIO
}
