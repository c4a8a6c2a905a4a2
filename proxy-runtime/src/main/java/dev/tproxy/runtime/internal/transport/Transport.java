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
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
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

    @Override
    public SocketAddress unixAddress(Path path) {
      return new DomainSocketAddress(path.toFile());
    }

    @Override
    public Optional<ChannelOption<Integer>> ipv6Only() {
      return Optional.of(IPV6_V6ONLY);
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

  /** setsockopt(IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26): Netty has no named option for it. */
  private static final ChannelOption<Integer> IPV6_V6ONLY = new IntegerUnixChannelOption("IPV6_V6ONLY", 41, 26);

  public abstract IoHandlerFactory ioHandlerFactory();

  /**
   * Listening channels of one address family. An IPv4 listener must be an AF_INET socket: Netty's
   * default IPv6 socket binds 0.0.0.0 as a dual-stack "::" and would take the IPv6 clients too.
   */
  public abstract ChannelFactory<ServerChannel> serverChannels(SocketProtocolFamily family);

  public abstract ChannelFactory<Channel> tcpChannels();

  public abstract ChannelFactory<Channel> unixChannels();

  public abstract SocketAddress unixAddress(Path path);

  /** The option that makes an IPv6 listener IPv6-only, where the transport has one. */
  public abstract Optional<ChannelOption<Integer>> ipv6Only();

  /** The transport the runtime's own event loops use for {@code wanted}. */
  public static Transport choose(TransportKind wanted) {
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
      case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
    };
  }

  /** The transport of an embedder's event loops. */
  public static Transport of(EventLoopGroup group) {
    if (group instanceof IoEventLoopGroup io) {
      if (Epoll.isAvailable() && (io.isIoType(EpollWorkarounds.Handler.class) || io.isIoType(EpollIoHandler.class))) {
        return EPOLL;
      }
      if (io.isIoType(NioIoHandler.class)) {
        return NIO;
      }
    }
    throw new TproxyStartException("the event loop group " + group.getClass().getName()
        + " is neither epoll nor NIO: pass a MultiThreadIoEventLoopGroup made with EpollIoHandler.newFactory()"
        + " or NioIoHandler.newFactory()");
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
  public static void checkTransparencyAllowed(String service) {
    EpollSocketChannel probe = new EpollSocketChannel();
    try {
      probe.config().setOption(EpollChannelOption.IP_TRANSPARENT, true);
    } catch (RuntimeException e) {
      throw new TproxyStartException("service \"" + service + "\" is transparent, but this process may not set"
          + " IP_TRANSPARENT (" + e.getMessage() + "): it needs CAP_NET_RAW or CAP_NET_ADMIN, e.g. run as root"
          + " or grant the capability; or start in local mode, which turns transparency off", e);
    } finally {
      probe.unsafe().closeForcibly();
    }
  }
}
