package dev.tproxy.runtime;

/** Which Netty transport the runtime's own event loops use. */
public enum TransportKind {
  /** Native epoll where it is available (Linux), NIO elsewhere. */
  AUTO,
  /** Native epoll; starting fails where it is not available. Needed for transparency. */
  EPOLL,
  /** Java NIO: portable, no transparency, no splice. */
  NIO
}
