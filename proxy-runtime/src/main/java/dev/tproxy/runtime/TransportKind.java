package dev.tproxy.runtime;

/** Which Netty transport the runtime's own event loops use. */
public enum TransportKind {
  /**
   * io_uring where the kernel offers it (fewer system calls per connection), else native epoll
   * (Linux), else NIO; epoll when splice is asked for.
   */
  AUTO,
  /** Native epoll; starting fails where it is not available. The only transport with splice. */
  EPOLL,
  /** Linux io_uring; starting fails where it is not available. No splice. */
  IO_URING,
  /** Java NIO: portable, no transparency, no splice. */
  NIO
}
