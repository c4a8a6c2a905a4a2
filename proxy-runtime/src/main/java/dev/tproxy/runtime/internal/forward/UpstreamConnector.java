package dev.tproxy.runtime.internal.forward;

import dev.tproxy.runtime.BindPolicy;
import dev.tproxy.runtime.internal.connection.BindOutcome;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import dev.tproxy.runtime.internal.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.unix.Errors;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens the connection to a target on the client connection's own event loop (no thread hop,
 * no locking between the two channels), with AUTO_READ off so the relay controls every read.
 *
 * <p>A transparent service binds cooperatively, as the reference document and sslh 2.2's
 * bind_peer() do: IP_TRANSPARENT + SO_REUSEADDR on (client ip, client port); when that fails with
 * EADDRINUSE (Netty reports {@code Errors.NativeIoException} with errno -98 and closes the
 * channel) a new channel with IP_BIND_ADDRESS_NO_PORT on (client ip, 0), so that the kernel picks
 * a port at connect() that keeps the 4-tuple unique. The bind is skipped for a client on this
 * machine, as sslh's is_same_machine() does.
 */
public final class UpstreamConnector {
  /** EADDRINUSE on Linux; Netty's Errors has no public constant for it. */
  private static final int EADDRINUSE = -98;

  /** How this service's outgoing sockets are bound. */
  public record Settings(boolean transparent, BindPolicy policy, Duration connectTimeout, ByteBufAllocator allocator) {}

  private enum Bind { NONE, CLIENT_PORT, NO_PORT }

  private final Transport transport;
  private final Settings settings;
  private final LocalAddresses localAddresses;

  public UpstreamConnector(Transport transport, Settings settings, LocalAddresses localAddresses) {
    this.transport = transport;
    this.settings = settings;
    this.localAddresses = localAddresses;
  }

  /** Connects to {@code destination}; the record learns the upstream's addresses and bind. */
  public Future<Channel> connect(Channel inbound, Destination destination, ConnectionRecord record) {
    Promise<Channel> promise = inbound.eventLoop().newPromise();
    if (destination instanceof Destination.Unix unix) {
      Bootstrap b = base(inbound).channelFactory(transport.unixChannels());
      if (transport == Transport.EPOLL) {
        b.option(ChannelOption.ALLOW_HALF_CLOSURE, true); // NIO's domain socket channel cannot half-close
      }
      complete(b.connect(unix.address()), promise, record, BindOutcome.NOT_TRANSPARENT);
      return promise;
    }
    InetSocketAddress remote = ((Destination.Tcp) destination).address();
    InetSocketAddress client = record.client();
    if (!settings.transparent()) {
      complete(tcp(inbound, Bind.NONE).connect(remote), promise, record, BindOutcome.NOT_TRANSPARENT);
    } else if (localAddresses.isLocal(client.getAddress())) {
      complete(tcp(inbound, Bind.NONE).connect(remote), promise, record, BindOutcome.SKIPPED_LOCAL_CLIENT);
    } else if ((client.getAddress() instanceof Inet4Address) != (remote.getAddress() instanceof Inet4Address)) {
      promise.setFailure(new IllegalStateException("a transparent connection keeps the client's address family: client "
          + client.getAddress().getHostAddress() + ", target " + remote.getAddress().getHostAddress()));
    } else if (settings.policy() == BindPolicy.ALWAYS_NEW_PORT) {
      complete(tcp(inbound, Bind.NO_PORT).connect(remote, anyPort(client)), promise, record, BindOutcome.NEW_PORT_BY_POLICY);
    } else {
      tcp(inbound, Bind.CLIENT_PORT).connect(remote, client).addListener((ChannelFuture f) -> {
        if (f.isSuccess()) {
          succeed(f.channel(), promise, record, BindOutcome.CLIENT_PORT);
        } else if (isAddressInUse(f.cause()) && inbound.isActive()) {
          // The failed channel is closed already: the retry needs a new one.
          complete(tcp(inbound, Bind.NO_PORT).connect(remote, anyPort(client)), promise, record,
              BindOutcome.NEW_PORT_AFTER_CONFLICT);
        } else {
          promise.tryFailure(f.cause());
        }
      });
    }
    return promise;
  }

  private static InetSocketAddress anyPort(InetSocketAddress client) {
    return new InetSocketAddress(client.getAddress(), 0);
  }

  static boolean isAddressInUse(Throwable t) {
    return t instanceof Errors.NativeIoException e && e.expectedErr() == EADDRINUSE;
  }

  private Bootstrap tcp(Channel inbound, Bind bind) {
    Bootstrap b = base(inbound).channelFactory(transport.tcpChannels())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true);
    switch (bind) {
      case CLIENT_PORT -> b.option(EpollChannelOption.IP_TRANSPARENT, true).option(ChannelOption.SO_REUSEADDR, true);
      case NO_PORT -> b.option(EpollChannelOption.IP_TRANSPARENT, true)
          .option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
      case NONE -> { }
    }
    return b;
  }

  private Bootstrap base(Channel inbound) {
    Bootstrap b = new Bootstrap()
        .group(inbound.eventLoop())
        .handler(UpstreamGuard.INSTANCE)
        .option(ChannelOption.AUTO_READ, false)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
    if (settings.allocator() != null) {
      b.option(ChannelOption.ALLOCATOR, settings.allocator());
    }
    return b;
  }

  private static void complete(ChannelFuture f, Promise<Channel> promise, ConnectionRecord record, BindOutcome outcome) {
    f.addListener((ChannelFuture done) -> {
      if (done.isSuccess()) {
        succeed(done.channel(), promise, record, outcome);
      } else {
        promise.tryFailure(done.cause());
      }
    });
  }

  private static void succeed(Channel ch, Promise<Channel> promise, ConnectionRecord record, BindOutcome outcome) {
    record.upstream(ch.localAddress(), ch.remoteAddress(), outcome);
    if (!promise.trySuccess(ch)) {
      ch.close();
    }
  }
}
