package dev.tproxy.runtime.internal;

import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.runtime.RuntimeOptions;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where a listener really binds. Normally where the topology says; in local mode (trying a
 * topology without root) on the loopback address of the same family, with privileged ports moved
 * up by an offset, so that 203.0.113.10:443 becomes 127.0.0.1:10443.
 */
final class ListenAddresses {
  private final boolean localMode;
  private final int portOffset;

  ListenAddresses(boolean localMode, int portOffset) {
    this.localMode = localMode;
    this.portOffset = portOffset;
  }

  static ListenAddresses of(RuntimeOptions options) {
    return new ListenAddresses(options.localMode(), options.localPortOffset());
  }

  InetSocketAddress effective(SocketEndpoint endpoint) {
    if (!localMode) {
      return endpoint.toInetSocketAddress();
    }
    InetAddress loopback = endpoint.address() instanceof Inet6Address ? IpLoopback.V6 : IpLoopback.V4;
    int port = endpoint.port();
    if (port > 0 && port < 1024) {
      port += portOffset;
    }
    return new InetSocketAddress(loopback, port);
  }

  /** Loopback addresses by family, without name lookups. */
  static final class IpLoopback {
    static final InetAddress V4 = address(new byte[] {127, 0, 0, 1});
    static final InetAddress V6 = address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private IpLoopback() {}

    private static InetAddress address(byte[] bytes) {
      try {
        return InetAddress.getByAddress(bytes);
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The loopback address to reach a listener bound to {@code bound}. */
    static InetSocketAddress reach(InetSocketAddress bound) {
      if (!bound.getAddress().isAnyLocalAddress()) {
        return bound;
      }
      return new InetSocketAddress(bound.getAddress() instanceof Inet6Address ? V6 : V4, bound.getPort());
    }
  }
}
