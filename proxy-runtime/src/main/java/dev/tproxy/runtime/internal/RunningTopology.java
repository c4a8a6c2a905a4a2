package dev.tproxy.runtime.internal;

import dev.tproxy.model.Demux;
import dev.tproxy.model.Forward;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyValidator;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.ServiceCounters;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.TproxyStartException;
import dev.tproxy.runtime.TransportKind;
import dev.tproxy.runtime.internal.connection.ConnectionOutputs;
import dev.tproxy.runtime.internal.connection.ConnectionRegistry;
import dev.tproxy.runtime.internal.connection.ServiceStats;
import dev.tproxy.runtime.internal.forward.ConnectionDispatcher;
import dev.tproxy.runtime.internal.forward.LocalAddresses;
import dev.tproxy.runtime.internal.forward.UpstreamConnector;
import dev.tproxy.runtime.internal.limit.AcceptBackoff;
import dev.tproxy.runtime.internal.limit.ConnectionLimit;
import dev.tproxy.runtime.internal.limit.FileDescriptorBudget;
import dev.tproxy.runtime.internal.stage.DemuxDecider;
import dev.tproxy.runtime.internal.stage.ForwardDecider;
import dev.tproxy.runtime.internal.stage.RouteDecider;
import dev.tproxy.runtime.internal.stage.SniRouteDecider;
import dev.tproxy.runtime.internal.terminate.CertificateWatcher;
import dev.tproxy.runtime.internal.terminate.TlsTerminator;
import dev.tproxy.runtime.internal.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topology running on Netty: its event loops, listeners, counters and open connections. All
 * state belongs to the instance, so any number can run in one JVM.
 */
public final class RunningTopology {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tproxy.runtime");
  /** How long a listener stops accepting after accept() failed (sslh-ev and Netty wait 1 s too). */
  private static final long ACCEPT_PAUSE_MILLIS = 1000;

  private final Topology topology;
  private final RuntimeOptions options;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Transport transport;
  /** The TLS provider chosen for this topology ({@link TlsProvider#AUTO} resolved). */
  private final TlsProvider tlsProvider;
  private final ConnectionRegistry registry = new ConnectionRegistry();
  private final Map<String, ServiceStats> stats = new LinkedHashMap<>();
  private final Map<String, List<InetSocketAddress>> bound = new LinkedHashMap<>();
  private final List<Channel> listeners = new ArrayList<>();
  private final Map<String, TlsTerminator> terminators = new LinkedHashMap<>();
  private CertificateWatcher certificateWatcher;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private RunningTopology(Topology topology, RuntimeOptions options, EventLoopGroup group, boolean ownsGroup,
      Transport transport, TlsProvider tlsProvider) {
    this.topology = topology;
    this.options = options;
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.transport = transport;
    this.tlsProvider = tlsProvider;
  }

  /**
   * Validates, binds every listener (targets before the services that use them) and returns once
   * all accept connections.
   *
   * @throws dev.tproxy.model.InvalidTopologyException when the topology is not valid
   * @throws TproxyStartException when it cannot run here; nothing is left running
   */
  public static RunningTopology start(Topology topology, RuntimeOptions options) {
    TopologyValidator.validate(topology).throwIfErrors();
    StartChecks.checkInProcessTargets(topology, options.inProcessTargets());
    TlsProvider tls = StartChecks.chooseTlsProvider(topology, options.tlsProvider());
    StartChecks.checkTlsProvider(topology, tls);
    FileDescriptorBudget.check(topology);
    EventLoopGroup group = options.eventLoopGroup().orElse(null);
    Transport transport;
    boolean owns = group == null;
    if (owns) {
      transport = Transport.choose(options.transport(), options.splice());
      Optional<String> shared = StartChecks.wildcardsSharingAPort(topology,
          new ListenAddresses(options.localMode(), options.localPortOffset()));
      if (transport.listensDualStackOnIpv4Wildcard() && shared.isPresent()) {
        if (options.transport() != TransportKind.AUTO) {
          throw new TproxyStartException(shared.get() + ": on " + transport + " a 0.0.0.0 listener is a dual-stack"
              + " socket (Netty 4.2.18), so these two cannot be bound apart; use the EPOLL transport");
        }
        LOG.info("{}: io_uring cannot bind these apart (its 0.0.0.0 sockets are dual-stack), so epoll it is", shared.get());
        transport = Transport.choose(TransportKind.EPOLL, options.splice());
      }
    } else {
      transport = Transport.of(group);
      if (transport == Transport.EPOLL && !Transport.hasWorkarounds(group)) {
        LOG.warn("the embedder's epoll event loops use Netty's EpollIoHandler directly: on Netty 4.2.18 a"
            + " half-closed connection loses its socket from epoll (a large reply to it is cut off), and under"
            + " churn a new connection can be handed a closed one's events (it stalls); make the group with"
            + " TproxyRuntime.ioHandlerFactory(TransportKind.EPOLL)");
      }
    }
    if (!options.localMode()) {
      StartChecks.checkTransparencyPossible(topology, transport, owns);
    }
    if (owns) {
      int threads = options.ioThreads() > 0 ? options.ioThreads() : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
      group = new MultiThreadIoEventLoopGroup(threads,
          new DefaultThreadFactory("tproxy-" + topology.name()), transport.ioHandlerFactory());
    }
    RunningTopology running = new RunningTopology(topology, options, group, owns, transport, tls);
    try {
      running.readCertificates();
      running.bindAll();
    } catch (RuntimeException e) {
      running.closeAsync().join();
      throw e;
    }
    LOG.info(StartBanner.text(topology, options, transport, owns, running.bound));
    return running;
  }

  /** Reads every tls-terminate stage's files before anything listens, and watches them from then on. */
  private void readCertificates() {
    for (Service s : topology.services()) {
      if (s.stage() instanceof TlsTerminate tls) {
        terminators.put(s.name(), TlsTerminator.start(s.name(), tls, tlsProvider, tls.effectiveHandshakeTimeout()));
      }
    }
    if (!terminators.isEmpty()) {
      StartChecks.warnAboutSessionSettings(topology, tlsProvider);
      certificateWatcher = CertificateWatcher.start(topology.name(), List.copyOf(terminators.values()),
          options.certificateCheckInterval());
    }
  }

  private void bindAll() {
    ListenAddresses addresses = new ListenAddresses(options.localMode(), options.localPortOffset());
    Destinations destinations = new Destinations(topology, transport, options.inProcessTargets(), bound);
    LocalAddresses localAddresses = new LocalAddresses();
    for (Service s : topology.services()) {
      stats.put(s.name(), new ServiceStats());
    }
    for (Service s : StartChecks.targetsFirst(topology)) {
      ServiceStats serviceStats = stats.get(s.name());
      boolean transparent = s.transparent() && !options.localMode();
      UpstreamConnector connector = new UpstreamConnector(transport, new UpstreamConnector.Settings(transparent,
          s.effectiveTransparentBind(), s.effectiveConnectTimeout(), options.allocator().orElse(null)), localAddresses);
      ConnectionDispatcher dispatcher = new ConnectionDispatcher(destinations.of(s), connector,
          new ConnectionDispatcher.Settings(s.halfClose(), s.effectiveIdleTimeout(), options.splice(), s.proxyProtocol().send()));
      ServiceInitializer initializer = new ServiceInitializer(s.name(), serviceStats, registry, front(s), decider(s),
          dispatcher, prereadLimit(s));
      List<InetSocketAddress> serviceAddresses = new ArrayList<>();
      for (SocketEndpoint endpoint : s.listen()) {
        InetSocketAddress wanted = addresses.effective(endpoint);
        Channel listener = bind(s, wanted, initializer);
        listeners.add(listener);
        serviceAddresses.add((InetSocketAddress) listener.localAddress());
      }
      bound.put(s.name(), List.copyOf(serviceAddresses));
    }
  }

  /**
   * The most bytes a stage reads before it must decide: an sni-route stage's preread buffer
   * (nginx's preread_buffer_size), else the same 16 KiB (a demux stage, as sslh, gives up on a
   * first flight that no probe has decided by then).
   */
  private static int prereadLimit(Service s) {
    return s.stage() instanceof SniRoute r ? r.effectivePrereadBuffer() : SniRoute.DEFAULT_PREREAD_BUFFER;
  }

  private static boolean isIpv4Wildcard(InetSocketAddress address) {
    return address.getAddress() instanceof java.net.Inet4Address && address.getAddress().isAnyLocalAddress();
  }

  private ServiceInitializer.Front front(Service s) {
    ConnectionLimit limit = s.maxConnections().isPresent()
        ? new ConnectionLimit("service " + s.name(), s.maxConnections().getAsInt()) : ConnectionLimit.NONE;
    Optional<ServiceInitializer.ProxyAccept> proxy = s.proxyProtocol().accept()
        ? Optional.of(new ServiceInitializer.ProxyAccept(s.proxyProtocol().effectiveTrusted(), s.proxyProtocol().effectiveTimeout()))
        : Optional.empty();
    return new ServiceInitializer.Front(limit, proxy, Optional.ofNullable(terminators.get(s.name())),
        ConnectionOutputs.of(options));
  }

  /**
   * The kernel's queue of connections not yet accepted, as nginx's default (511 on Linux), not
   * Netty's (somaxconn, often 4096): while accepting is paused (out of descriptors) clients wait
   * there, and a queue eight times longer only makes the recovery take longer; past it, clients
   * retry their SYN as they would with nginx.
   */
  static final int LISTEN_BACKLOG = 511;

  private Channel bind(Service s, InetSocketAddress address, ServiceInitializer initializer) {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channelFactory(transport.serverChannels(address.getAddress() instanceof java.net.Inet6Address
            ? io.netty.channel.socket.SocketProtocolFamily.INET6 : io.netty.channel.socket.SocketProtocolFamily.INET))
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.SO_BACKLOG, LISTEN_BACKLOG)
        .handler(new AcceptBackoff(s.name(), ACCEPT_PAUSE_MILLIS))
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(isIpv4Wildcard(address) && transport.listensDualStackOnIpv4Wildcard()
            ? new Ipv4ClientsOnly(initializer) : initializer);
    options.allocator().ifPresent(a -> b.option(ChannelOption.ALLOCATOR, a).childOption(ChannelOption.ALLOCATOR, a));
    if (address.getAddress() instanceof java.net.Inet6Address) {
      // An IPv6 listener serves IPv6 only, as in sslh and nginx (and as validation assumes), so
      // that [::]:443 and 0.0.0.0:443 can be two listeners. NIO has no such option: there [::]
      // also takes IPv4 clients.
      transport.ipv6Only().ifPresent(o -> b.option(o, 1));
    }
    try {
      return b.bind(address).sync().channel();
    } catch (Exception e) {
      throw new TproxyStartException("service \"" + s.name() + "\" cannot listen on " + StartBanner.text(address) + ": " + e.getMessage(), e);
    } catch (Throwable t) {
      // sync() rethrows the bind failure as is, also as a checked exception Java cannot see.
      throw new TproxyStartException("service \"" + s.name() + "\" cannot listen on " + StartBanner.text(address) + ": " + t, t);
    }
  }

  private RouteDecider decider(Service s) {
    if (s.stage() instanceof Demux d) {
      return new DemuxDecider(s.name(), d, s.engine());
    }
    if (s.stage() instanceof SniRoute r) {
      return new SniRouteDecider(s.name(), r, r.effectivePrereadTimeout());
    }
    if (s.stage() instanceof Forward f) {
      return new ForwardDecider(f);
    }
    if (s.stage() instanceof TlsTerminate tls) {
      // The TLS gate makes the connection active once the handshake is done: then connect.
      return new ForwardDecider(tls.target(), "tls-terminate");
    }
    throw new IllegalStateException("refused at start: " + s.stage().kind());
  }

  public Topology topology() {
    return topology;
  }

  public Map<String, List<InetSocketAddress>> boundAddresses() {
    return Collections.unmodifiableMap(bound);
  }

  public ServiceCounters counters(String service) {
    ServiceStats s = stats.get(service);
    if (s == null) {
      throw new IllegalArgumentException("no service is named \"" + service + "\"; services: " + stats.keySet());
    }
    return s;
  }

  /** The services running now, in the topology's order. */
  public Set<String> serviceNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(stats.keySet()));
  }

  public int openConnections() {
    return registry.size();
  }

  /**
   * Stops accepting, lets open connections finish for the drain timeout, closes the rest, and
   * shuts down the event loops if the runtime made them. Idempotent.
   */
  public CompletableFuture<Void> closeAsync() {
    if (!closing.compareAndSet(false, true)) {
      return closed;
    }
    if (certificateWatcher != null) {
      certificateWatcher.close();
    }
    List<CompletableFuture<Void>> unbinds = new ArrayList<>();
    for (Channel l : listeners) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      l.close().addListener(x -> f.complete(null));
      unbinds.add(f);
    }
    CompletableFuture.allOf(unbinds.toArray(CompletableFuture[]::new))
        .thenCompose(x -> registry.drain()
            .completeOnTimeout(null, options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(x -> closeRemaining())
        .thenCompose(x -> shutdownGroup())
        .whenComplete((x, e) -> {
          LOG.info("tproxy runtime \"{}\" stopped", topology.name());
          closed.complete(null);
        });
    return closed;
  }

  private CompletableFuture<Void> closeRemaining() {
    List<Channel> open = registry.snapshot();
    if (!open.isEmpty()) {
      LOG.info("tproxy runtime \"{}\": closing {} connection(s) still open after the drain timeout", topology.name(), open.size());
    }
    for (Channel c : open) {
      c.eventLoop().execute(() -> {
        registry.recordOf(c).ifPresent(r -> r.closeReason("runtime stopped"));
        c.close();
      });
    }
    // Closing is immediate; the bound only guards against an event loop that no longer runs.
    return registry.drain().completeOnTimeout(null, 5, TimeUnit.SECONDS);
  }

  private CompletableFuture<Void> shutdownGroup() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (!ownsGroup) {
      f.complete(null);
      return f;
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(x -> f.complete(null));
    return f;
  }

  public EventLoopGroup group() {
    return group;
  }
}
