package dev.tproxy.runtime;

/** Which Netty transport the runtime's own event loops use. */
public enum TransportKind {
  /**
   * io_uring where the kernel has it, else native epoll, else NIO. Epoll also where splice is
   * wanted, or where a topology listens on both {@code 0.0.0.0:P} and {@code [::]:P}, which
   * Netty 4.2.18's io_uring listeners cannot bind apart.
   */
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
