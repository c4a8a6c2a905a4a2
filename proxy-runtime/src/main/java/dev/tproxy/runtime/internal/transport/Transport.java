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
import java.nio.file.Path;

/** The channel types of one Netty transport: native epoll (Linux) or NIO. */
public enum Transport {
  EPOLL {
    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return new EpollInterestFix();
    }

    @Override
    public ChannelFactory<ServerChannel> serverChannels() {
      return EpollServerSocketChannel::new;
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
  },
  NIO {
    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return NioIoHandler.newFactory();
    }

    @Override
    public ChannelFactory<ServerChannel> serverChannels() {
      return NioServerSocketChannel::new;
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
  };

  public abstract IoHandlerFactory ioHandlerFactory();

  public abstract ChannelFactory<ServerChannel> serverChannels();

  public abstract ChannelFactory<Channel> tcpChannels();

  public abstract ChannelFactory<Channel> unixChannels();

  public abstract SocketAddress unixAddress(Path path);

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
      if (Epoll.isAvailable() && (io.isIoType(EpollInterestFix.Handler.class) || io.isIoType(EpollIoHandler.class))) {
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

  /** Whether an epoll group was made with {@link EpollInterestFix}. */
  public static boolean hasInterestFix(EventLoopGroup group) {
    return group instanceof IoEventLoopGroup io && io.isIoType(EpollInterestFix.Handler.class);
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
