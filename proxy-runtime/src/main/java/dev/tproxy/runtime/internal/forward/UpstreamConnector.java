package dev.tproxy.runtime.internal.forward;

import dev.tproxy.model.TransparentBind;
import dev.tproxy.runtime.BindOutcome;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import dev.tproxy.runtime.internal.transport.Transport;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.unix.Errors;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;

/**
 * Opens the connection to a target on the client connection's own event loop (no thread hop,
 * no locking between the two channels), with AUTO_READ off so the relay controls every read.
 *
 * <p>A transparent service binds cooperatively, as the reference document and sslh 2.2's
 * bind_peer() do: IP_TRANSPARENT + SO_REUSEADDR on (client ip, client port); when that fails with
 * EADDRINUSE (Netty reports {@code Errors.NativeIoException} with errno -98; the failed channel
 * is closed) a new channel with IP_BIND_ADDRESS_NO_PORT on (client ip, 0), so that the kernel picks
 * a port at connect() that keeps the 4-tuple unique. The bind is skipped for a client on this
 * machine, as sslh's is_same_machine() does.
 */
public final class UpstreamConnector {
  /** EADDRINUSE on Linux; Netty's Errors has no public constant for it. */
  private static final int EADDRINUSE = -98;

  /** How this service's outgoing sockets are bound. */
  public record Settings(boolean transparent, TransparentBind bind, Duration connectTimeout, ByteBufAllocator allocator) {}

  private enum Bind { NONE, CLIENT_PORT, NO_PORT }

  private final Transport transport;
  private final Settings settings;
  private final LocalAddresses localAddresses;

  private final Map<Bind, List<Option>> tcpOptions;
  private final List<Option> unixOptions;

  public UpstreamConnector(Transport transport, Settings settings, LocalAddresses localAddresses) {
    this.transport = transport;
    this.settings = settings;
    this.localAddresses = localAddresses;
    this.tcpOptions = tcpOptions(settings);
    List<Option> unix = baseOptions(settings);
    if (transport != Transport.NIO) {
      unix.add(Option.of(ChannelOption.ALLOW_HALF_CLOSURE, true)); // NIO's domain socket channel cannot half-close
    }
    this.unixOptions = List.copyOf(unix);
  }

  /**
   * Connects to {@code destination}; the record learns the upstream's addresses and bind, and how
   * long the connect took (a retry after EADDRINUSE included).
   */
  public Future<Channel> connect(Channel inbound, Destination destination, ConnectionRecord record) {
    Promise<Channel> promise = inbound.eventLoop().newPromise();
    long start = System.nanoTime();
    if (destination instanceof Destination.Unix unix) {
      complete(open(inbound, transport.unixChannels(), unixOptions, unix.address(), null), promise, record, start,
          BindOutcome.NOT_TRANSPARENT);
      return promise;
    }
    InetSocketAddress remote = ((Destination.Tcp) destination).address();
    InetSocketAddress client = record.client();
    if (!settings.transparent()) {
      complete(open(inbound, Bind.NONE, remote, null), promise, record, start, BindOutcome.NOT_TRANSPARENT);
    } else if (localAddresses.isLocal(client.getAddress())) {
      complete(open(inbound, Bind.NONE, remote, null), promise, record, start, BindOutcome.SKIPPED_LOCAL_CLIENT);
    } else if ((client.getAddress() instanceof Inet4Address) != (remote.getAddress() instanceof Inet4Address)) {
      promise.setFailure(new IllegalStateException("a transparent connection keeps the client's address family: client "
          + client.getAddress().getHostAddress() + ", target " + remote.getAddress().getHostAddress()));
    } else if (settings.bind() == TransparentBind.NEW_PORT) {
      complete(open(inbound, Bind.NO_PORT, remote, anyPort(client)), promise, record, start, BindOutcome.NEW_PORT_BY_POLICY);
    } else {
      open(inbound, Bind.CLIENT_PORT, remote, client).addListener((ChannelFuture f) -> {
        if (f.isSuccess()) {
          succeed(f.channel(), promise, record, start, BindOutcome.CLIENT_PORT);
        } else if (isAddressInUse(f.cause()) && inbound.isActive()) {
          // The failed channel is closed (CLOSE_ON_FAILURE): the retry needs a new one.
          complete(open(inbound, Bind.NO_PORT, remote, anyPort(client)), promise, record, start,
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

  /**
   * What Netty's Bootstrap does for a connect, without its per-connection work (copying the
   * option map, looking up a resolver for an address that is resolved already): a new channel
   * with the service's options and the guard, registered on the client's own event loop (at once,
   * since this runs there), then connected.
   */
  private ChannelFuture open(Channel inbound, Bind bind, SocketAddress remote, SocketAddress local) {
    return open(inbound, transport.tcpChannels(), tcpOptions.get(bind), remote, local);
  }

  private static ChannelFuture open(Channel inbound, ChannelFactory<Channel> factory, List<Option> options,
      SocketAddress remote, SocketAddress local) {
    Channel ch;
    try {
      ch = factory.newChannel();
    } catch (RuntimeException e) { // socket() failed: no file descriptor left (EMFILE, ENFILE)
      return inbound.newFailedFuture(e);
    }
    ChannelPromise connected = new DefaultChannelPromise(ch, inbound.eventLoop());
    try {
      ch.pipeline().addLast(UpstreamGuard.INSTANCE);
      for (Option o : options) {
        o.applyTo(ch);
      }
    } catch (RuntimeException e) { // an option the socket refuses: this connection fails, with the reason
      ch.unsafe().closeForcibly();
      return connected.setFailure(e);
    }
    inbound.eventLoop().register(ch).addListener((ChannelFuture registered) -> {
      if (!registered.isSuccess()) {
        ch.unsafe().closeForcibly();
        connected.setFailure(registered.cause());
        return;
      }
      // A failed connect leaves Netty's channel, and its file descriptor, open: Bootstrap closes
      // it with this listener, and so must we (a refused connect leaked one descriptor each, until
      // the fault run found it). Only from here on: close() needs a registered channel, and the
      // failures above close theirs forcibly.
      connected.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      if (local == null) {
        ch.connect(remote, connected);
      } else {
        ch.connect(remote, local, connected);
      }
    });
    return connected;
  }

  /** One channel option and its value, set on each new upstream channel. */
  private record Option(ChannelOption<Object> option, Object value) {
    @SuppressWarnings("unchecked")
    static <T> Option of(ChannelOption<T> option, T value) {
      return new Option((ChannelOption<Object>) option, value);
    }

    void applyTo(Channel ch) {
      if (!ch.config().setOption(option, value)) {
        throw new IllegalStateException(option + " is not supported by " + ch.getClass().getSimpleName());
      }
    }
  }

  private static List<Option> baseOptions(Settings settings) {
    List<Option> base = new ArrayList<>();
    base.add(Option.of(ChannelOption.AUTO_READ, false));
    base.add(Option.of(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis())));
    if (settings.allocator() != null) {
      base.add(Option.of(ChannelOption.ALLOCATOR, settings.allocator()));
    }
    return base;
  }

  private static Map<Bind, List<Option>> tcpOptions(Settings settings) {
    Map<Bind, List<Option>> byBind = new EnumMap<>(Bind.class);
    for (Bind bind : Bind.values()) {
      List<Option> options = baseOptions(settings);
      // TCP_NODELAY: Netty's socket channels set it themselves; asking again costs a setsockopt.
      options.add(Option.of(ChannelOption.ALLOW_HALF_CLOSURE, true));
      switch (bind) {
        case CLIENT_PORT -> {
          options.add(Option.of(Transport.IP_TRANSPARENT, 1));
          options.add(Option.of(ChannelOption.SO_REUSEADDR, true));
        }
        case NO_PORT -> {
          options.add(Option.of(Transport.IP_TRANSPARENT, 1));
          options.add(Option.of(Transport.IP_BIND_ADDRESS_NO_PORT, 1));
        }
        case NONE -> { }
      }
      byBind.put(bind, List.copyOf(options));
    }
    return byBind;
  }

  private static void complete(ChannelFuture f, Promise<Channel> promise, ConnectionRecord record, long start,
      BindOutcome outcome) {
    f.addListener((ChannelFuture done) -> {
      if (done.isSuccess()) {
        succeed(done.channel(), promise, record, start, outcome);
      } else {
        promise.tryFailure(done.cause());
      }
    });
  }

  /** @param start {@code System.nanoTime()} when the connect began: the connect time is counted per target */
  private static void succeed(Channel ch, Promise<Channel> promise, ConnectionRecord record, long start, BindOutcome outcome) {
    record.upstream(ch.localAddress(), ch.remoteAddress(), outcome, System.nanoTime() - start);
    if (!promise.trySuccess(ch)) {
      ch.close();
    }
  }
}
