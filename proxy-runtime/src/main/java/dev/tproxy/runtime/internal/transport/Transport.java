package dev.tproxy.runtime.internal.transport;

import dev.tproxy.runtime.TproxyStartException;
import dev.tproxy.runtime.TransportKind;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.nio.file.Path;
import java.util.Optional;

/** The channel types of one Netty transport: native epoll (Linux) or NIO. */
public enum Transport {
  EPOLL {
    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return new EpollWorkarounds();
    }

    @Override
    public ChannelFactory<ServerChannel> serverChannels(SocketProtocolFamily family) {
      return () -> new EpollServerSocketChannel(family);
    }

    @Override
    public ChannelFactory<Channel> tcpChannels() {
      return EpollSocketChannel::new;
    }

    @Override
    public ChannelFactory<Channel> unixChannels() {
      return EpollDomainSocketChannel::new;
    }
  },
  /**
   * Linux io_uring: accepts, connects, reads, writes and closes are submitted in batches through
   * shared rings instead of one system call each (with epoll, about 40 per proxied connection).
   * No splice; transparency works as with epoll (same socket options).
   */
  IO_URING {
    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return IoUringIoHandler.newFactory();
    }

    /** Netty 4.2.18 makes every io_uring listening socket an IPv6 one; see {@link #listensDualStackOnIpv4Wildcard}. */
    @Override
    public ChannelFactory<ServerChannel> serverChannels(SocketProtocolFamily family) {
      return IoUringServerSocketChannel::new;
    }

    @Override
    public boolean listensDualStackOnIpv4Wildcard() {
      return true;
    }

    @Override
    public ChannelFactory<Channel> tcpChannels() {
      return IoUringSocketChannel::new;
    }

    @Override
    public ChannelFactory<Channel> unixChannels() {
      return IoUringDomainSocketChannel::new;
    }
  },
  NIO {
    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return NioIoHandler.newFactory();
    }

    @Override
    public ChannelFactory<ServerChannel> serverChannels(SocketProtocolFamily family) {
      return () -> new NioServerSocketChannel(java.nio.channels.spi.SelectorProvider.provider(), family);
    }

    @Override
    public ChannelFactory<Channel> tcpChannels() {
      return NioSocketChannel::new;
    }

    @Override
    public ChannelFactory<Channel> unixChannels() {
      return NioDomainSocketChannel::new;
    }

    @Override
    public SocketAddress unixAddress(Path path) {
      return UnixDomainSocketAddress.of(path);
    }

    @Override
    public Optional<ChannelOption<Integer>> ipv6Only() {
      return Optional.empty();
    }
  };

  /**
   * Netty's switch for io_uring's multishot POLLIN polls, read once when its {@code IoUring} class
   * loads (which no code of this class does before this runs).
   */
  private static final String IO_URING_MULTISHOT_POLL = "io.netty.iouring.pollAddMultishotEnabled";

  static {
    // io_uring channels wait for data with one-shot POLLIN polls, unless the embedder chose. With
    // Netty 4.2.18's multishot poll a reset that comes with or right after the last bytes is never
    // reported: the read that takes those bytes sees an empty socket (IORING_CQE_F_SOCK_NONEMPTY
    // clear; Linux sets it after a FIN so that the end is read, not after a reset), the next
    // read() waits on the multishot poll, which had its one wakeup already, and the client waits
    // until the idle timeout. A one-shot poll armed then finds the error at once. Costs one poll
    // submission (no system call) each time a read finds the socket empty. docs/netty-epoll-bugs.md §3.
    if (System.getProperty(IO_URING_MULTISHOT_POLL) == null) {
      System.setProperty(IO_URING_MULTISHOT_POLL, "false");
    }
  }

  /** Whether io_uring channels wait with one-shot polls, which the static block above asks for. */
  public static boolean ioUringPollsAreOneShot() {
    return !IoUring.isPollAddMultishotEnabled();
  }

  /** setsockopt(IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26): Netty has no named option for it. */
  private static final ChannelOption<Integer> IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

  /**
   * setsockopt(SOL_IP = 0, IP_TRANSPARENT = 19), 1 to set: binding to an address that is not this
   * host's. Spelled as a raw option so that it means the same on epoll and io_uring sockets (each
   * transport has its own named option, which the other's channels refuse). Linux reads it at
   * SOL_IP for IPv6 sockets too.
   */
  public static final ChannelOption<Integer> IP_TRANSPARENT = new IntegerUnixChannelOption("IP_TRANSPARENT", 0, 19);

  /** setsockopt(SOL_IP = 0, IP_BIND_ADDRESS_NO_PORT = 24), 1 to set: the port is chosen at connect. */
  public static final ChannelOption<Integer> IP_BIND_ADDRESS_NO_PORT =
      new IntegerUnixChannelOption("IP_BIND_ADDRESS_NO_PORT", 0, 24);

  public abstract IoHandlerFactory ioHandlerFactory();

  /**
   * Listening channels of one address family. An IPv4 listener must be an AF_INET socket: Netty's
   * default IPv6 socket binds 0.0.0.0 as a dual-stack "::" and would take the IPv6 clients too.
   */
  public abstract ChannelFactory<ServerChannel> serverChannels(SocketProtocolFamily family);

  public abstract ChannelFactory<Channel> tcpChannels();

  /**
   * Whether a listener on 0.0.0.0 becomes a dual-stack socket that takes IPv6 clients too. Netty
   * 4.2.18's io_uring listening sockets are all IPv6 sockets, and its native bind turns 0.0.0.0
   * (and ::ffff:0.0.0.0) into "::": such a listener must turn IPv6 clients away itself, and it
   * cannot share its port with a [::] listener.
   */
  public boolean listensDualStackOnIpv4Wildcard() {
    return false;
  }

  public abstract ChannelFactory<Channel> unixChannels();

  /** A unix-domain socket address as the transport's channels take it (native: Netty's own). */
  public SocketAddress unixAddress(Path path) {
    return new DomainSocketAddress(path.toFile());
  }

  /** The option that makes an IPv6 listener IPv6-only, where the transport has one (native: a raw one). */
  public Optional<ChannelOption<Integer>> ipv6Only() {
    return Optional.of(IPV6_V6ONLY);
  }

  /**
   * The transport the runtime's own event loops use for {@code wanted}. {@code AUTO} takes
   * io_uring where the kernel offers it: it needs about half the system calls per new connection
   * that epoll does, which on the referee harness is most of a new connection's cost (cold 0.38
   * against 0.25 of direct, warm above nginx and HAProxy; docs/performance.md). Epoll where splice
   * is wanted (epoll only), NIO where neither native transport is there. Netty 4.2.18's io_uring
   * channel missed a peer's reset that followed its last bytes; the one-shot polls set above and
   * {@code RelayHandler} work around it (docs/netty-epoll-bugs.md §3, {@code UpstreamResetTest}).
   */
  public static Transport choose(TransportKind wanted, boolean splice) {
    if (splice && wanted != TransportKind.AUTO && wanted != TransportKind.EPOLL) {
      throw new TproxyStartException("splice relays between epoll sockets only; the transport asked for is " + wanted
          + ": ask for EPOLL or AUTO, or leave splice off");
    }
    return switch (wanted) {
      case NIO -> NIO;
      case EPOLL -> {
        if (!Epoll.isAvailable()) {
          throw new TproxyStartException(
              "native epoll was asked for but is not available here: " + Epoll.unavailabilityCause(),
              Epoll.unavailabilityCause());
        }
        yield EPOLL;
      }
      case IO_URING -> {
        if (!IoUring.isAvailable()) {
          throw new TproxyStartException(
              "io_uring was asked for but is not available here: " + IoUring.unavailabilityCause(),
              IoUring.unavailabilityCause());
        }
        yield IO_URING;
      }
      case AUTO -> !splice && IoUring.isAvailable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
    };
  }

  /** The transport of an embedder's event loops. */
  public static Transport of(EventLoopGroup group) {
    if (group instanceof IoEventLoopGroup io) {
      if (Epoll.isAvailable() && (io.isIoType(EpollWorkarounds.Handler.class) || io.isIoType(EpollIoHandler.class))) {
        return EPOLL;
      }
      if (IoUring.isAvailable() && io.isIoType(IoUringIoHandler.class)) {
        return IO_URING;
      }
      if (io.isIoType(NioIoHandler.class)) {
        return NIO;
      }
    }
    throw new TproxyStartException("the event loop group " + group.getClass().getName()
        + " is neither epoll nor NIO: pass a MultiThreadIoEventLoopGroup made with EpollIoHandler.newFactory()"
        + " or NioIoHandler.newFactory()");
  }

  /** Whether this transport can bind to foreign addresses (IP_TRANSPARENT, IP_BIND_ADDRESS_NO_PORT). */
  public boolean canBeTransparent() {
    return this != NIO;
  }

  /** Whether an epoll group was made with {@link EpollWorkarounds}. */
  public static boolean hasWorkarounds(EventLoopGroup group) {
    return group instanceof IoEventLoopGroup io && io.isIoType(EpollWorkarounds.Handler.class);
  }

  /**
   * Fails with the reason when this process may not set IP_TRANSPARENT (it needs CAP_NET_RAW or
   * CAP_NET_ADMIN). Netty only logs a failed option and carries on, which would surface later as
   * an unexplained bind error on every connection.
   */
  public void checkTransparencyAllowed(String service) {
    Channel probe = tcpChannels().newChannel();
    try {
      probe.config().setOption(IP_TRANSPARENT, 1);
    } catch (RuntimeException e) {
      throw new TproxyStartException("service \"" + service + "\" is transparent, but this process may not set"
          + " IP_TRANSPARENT (" + e.getMessage() + "): it needs CAP_NET_RAW or CAP_NET_ADMIN, e.g. run as root"
          + " or grant the capability; or start in local mode, which turns transparency off", e);
    } finally {
      probe.unsafe().closeForcibly();
    }
  }
}
