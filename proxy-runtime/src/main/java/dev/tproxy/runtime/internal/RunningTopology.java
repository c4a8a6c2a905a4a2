package dev.tproxy.runtime.internal;

import dev.tproxy.model.Durations;
import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.ServiceCounters;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.TopologyChange;
import dev.tproxy.runtime.TproxyStartException;
import dev.tproxy.runtime.TransportKind;
import dev.tproxy.runtime.internal.connection.ConnectionRegistry;
import dev.tproxy.runtime.internal.connection.ServiceStats;
import dev.tproxy.runtime.internal.forward.Destination;
import dev.tproxy.runtime.internal.limit.AcceptBackoff;
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
 * A topology running on Netty: its event loops, listeners, counters and open connections, and
 * the updates that replace its topology while it runs. All state belongs to the instance, so any
 * number can run in one JVM.
 */
public final class RunningTopology {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tproxy.runtime");
  /** How long a listener stops accepting after accept() failed (sslh-ev and Netty wait 1 s too). */
  private static final long ACCEPT_PAUSE_MILLIS = 1000;

  private final RuntimeOptions options;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final Transport transport;
  private final ListenAddresses addresses;
  private final ServiceAssembly assembly;
  private final ConnectionRegistry registry = new ConnectionRegistry();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  // What runs now. Replaced as a whole by apply(), under this object's lock; read from anywhere.
  private volatile Topology topology;
  /** The services to run (empty: all), from the options, then from the last update that named them. */
  private volatile Set<String> onlyServices;
  private volatile Map<String, ServiceUnit> units = Map.of();
  private volatile Map<String, ServiceStats> stats = Map.of();
  private volatile Map<String, List<InetSocketAddress>> bound = Map.of();
  private volatile Map<ListenerSlot.Key, ListenerSlot> listeners = Map.of();
  private CertificateWatcher certificateWatcher;

  private RunningTopology(Topology topology, RuntimeOptions options, EventLoopGroup group, boolean ownsGroup,
      Transport transport, TlsProvider tlsProvider) {
    this.topology = topology;
    this.options = options;
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.transport = transport;
    this.onlyServices = options.onlyServices();
    this.addresses = ListenAddresses.of(options);
    this.assembly = new ServiceAssembly(options, transport, tlsProvider, registry);
  }

  /**
   * Validates, binds every listener (targets before the services that use them) and returns once
   * all accept connections.
   *
   * @throws dev.tproxy.model.InvalidTopologyException when the topology is not valid
   * @throws TproxyStartException when it cannot run here; nothing is left running
   */
  public static RunningTopology start(Topology topology, RuntimeOptions options) {
    List<Service> runHere = StartChecks.runnable(topology, options.onlyServices(), options.inProcessTargets());
    TlsProvider tls = StartChecks.chooseTlsProvider(runHere, options.tlsProvider());
    StartChecks.checkTlsProvider(runHere, tls);
    EventLoopGroup group = options.eventLoopGroup().orElse(null);
    Transport transport;
    boolean owns = group == null;
    if (owns) {
      transport = Transport.choose(options.transport(), options.splice());
      Optional<String> shared = StartChecks.wildcardsSharingAPort(runHere, ListenAddresses.of(options));
      if (transport.listensDualStackOnIpv4Wildcard() && shared.isPresent()) {
        if (options.transport() != TransportKind.AUTO) {
          throw new TproxyStartException(StartChecks.dualStack(shared.get(), transport) + "; use the EPOLL transport");
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
    if (transport == Transport.IO_URING && !Transport.ioUringPollsAreOneShot()) {
      LOG.warn("io_uring waits with multishot POLLIN polls here (io.netty.iouring.pollAddMultishotEnabled was set,"
          + " or Netty's IoUring class was loaded before tproxy's): on Netty 4.2.18 an upstream or client that"
          + " resets right after its last bytes then goes unnoticed until the idle timeout; set the property to"
          + " false (docs/netty-epoll-bugs.md §3)");
    }
    if (!options.localMode()) {
      StartChecks.checkTransparencyPossible(runHere, transport, owns);
    }
    if (owns) {
      int threads = options.ioThreads() > 0 ? options.ioThreads() : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
      group = new MultiThreadIoEventLoopGroup(threads,
          new DefaultThreadFactory("tproxy-" + topology.name()), transport.ioHandlerFactory());
    }
    RunningTopology running = new RunningTopology(topology, options, group, owns, transport, tls);
    try {
      running.apply(topology, runHere);
    } catch (RuntimeException e) {
      running.closeAsync().join();
      throw e;
    }
    if (!running.units.values().stream().allMatch(u -> u.terminator().isEmpty())) {
      StartChecks.warnAboutSessionSettings(runHere, tls);
    }
    LOG.info(StartBanner.text(topology, options, transport, owns, running.bound));
    return running;
  }

  /**
   * Applies {@code next} to the running runtime: validates it first and refuses it, changing
   * nothing, when it is invalid or cannot run here. Listeners whose address stays keep their
   * socket; added services start; removed ones stop accepting, and their open connections have
   * the drain timeout to finish; open connections keep the routes they were given.
   *
   * @throws dev.tproxy.model.InvalidTopologyException when {@code next} is not valid
   * @throws TproxyStartException when it cannot run here (a port is taken, a certificate cannot be
   *     read, a change only a restart can make); the old topology keeps running
   */
  public TopologyChange update(Topology next, Set<String> only) {
    List<Service> runHere = StartChecks.runnable(next, only, options.inProcessTargets());
    TlsProvider wanted = StartChecks.chooseTlsProvider(runHere, options.tlsProvider());
    if (wanted != assembly.tlsProvider() && options.tlsProvider() == TlsProvider.AUTO
        && runHere.stream().anyMatch(s -> s.stage() instanceof TlsTerminate)) {
      throw new TproxyStartException("this topology needs the " + wanted + " TLS provider and the runtime runs with "
          + assembly.tlsProvider() + " (chosen at start); restart to change it");
    }
    StartChecks.checkTlsProvider(runHere, assembly.tlsProvider());
    Optional<String> shared = StartChecks.wildcardsSharingAPort(runHere, addresses);
    if (transport.listensDualStackOnIpv4Wildcard() && shared.isPresent()) {
      throw new TproxyStartException(StartChecks.dualStack(shared.get(), transport) + "; restart with the EPOLL transport");
    }
    if (!options.localMode()) {
      StartChecks.checkTransparencyPossible(runHere, transport, ownsGroup);
    }
    TopologyChange change = apply(next, runHere);
    this.onlyServices = Set.copyOf(only);
    if (change.changesAnything()) {
      for (TopologyChange.ServiceChange c : change.services()) {
        if (c.kind() != TopologyChange.Kind.UNCHANGED) {
          LOG.info("tproxy runtime \"{}\" updated: {}", next.name(), c);
        }
      }
    } else {
      LOG.info("tproxy runtime \"{}\" updated: nothing changed", next.name());
    }
    return change;
  }

  /**
   * Makes {@code next} the running topology in two steps. First everything that can fail: units
   * for new and changed services (certificates read), sockets for new addresses; a failure closes
   * what this step bound and leaves the old topology as it was. Then the switch, which cannot
   * fail: listeners hand connections to the new units, unused listeners close, removed services
   * drain.
   */
  private synchronized TopologyChange apply(Topology next, List<Service> runHere) {
    if (closing.get()) {
      throw new TproxyStartException("the runtime is stopping; it takes no update");
    }
    Set<String> runNames = new LinkedHashSet<>();
    runHere.forEach(s -> runNames.add(s.name()));
    Map<String, ServiceUnit> oldUnits = units;
    Map<ListenerSlot.Key, ListenerSlot> oldListeners = listeners;
    Map<String, ServiceStats> nextStats = new LinkedHashMap<>();
    Map<String, List<InetSocketAddress>> nextBound = new LinkedHashMap<>();
    Map<String, ServiceUnit> nextUnits = new LinkedHashMap<>();
    Map<ListenerSlot.Key, ListenerSlot> nextListeners = new LinkedHashMap<>();
    Map<ListenerSlot, ServiceInitializer> switches = new LinkedHashMap<>();
    List<ListenerSlot> fresh = new ArrayList<>();
    Map<String, TopologyChange.ServiceChange> changes = new LinkedHashMap<>();
    Destinations destinations = new Destinations(next, transport, options.inProcessTargets(), nextBound, runNames, addresses);
    try {
      for (Service s : StartChecks.targetsFirst(next, runNames)) {
        Map<String, Destination> targets = destinations.of(s);
        Optional<ServiceUnit> old = Optional.ofNullable(oldUnits.get(s.name()));
        ServiceStats serviceStats = stats.getOrDefault(s.name(), new ServiceStats());
        nextStats.put(s.name(), serviceStats);
        ServiceUnit unit = old.filter(u -> u.sameAs(s, targets))
            .orElseGet(() -> assembly.assemble(s, targets, serviceStats, old));
        List<InetSocketAddress> serviceAddresses = new ArrayList<>();
        for (SocketEndpoint endpoint : s.listen()) {
          ListenerSlot.Key key = ListenerSlot.Key.of(s.name(), addresses.effective(endpoint));
          ListenerSlot slot = oldListeners.get(key);
          if (slot == null || nextListeners.containsKey(key)) {
            slot = bind(s, key, unit.initializer());
            fresh.add(slot);
          } else {
            switches.put(slot, unit.initializer());
          }
          nextListeners.put(key, slot);
          serviceAddresses.add(slot.boundAddress());
        }
        nextBound.put(s.name(), List.copyOf(serviceAddresses));
        nextUnits.put(s.name(), unit);
        changes.put(s.name(), describe(s, old, unit, serviceAddresses));
      }
    } catch (RuntimeException e) {
      for (ListenerSlot slot : fresh) {
        slot.channel().close().syncUninterruptibly();
      }
      throw e;
    }
    // From here on nothing fails.
    switches.forEach((slot, initializer) -> slot.services().switchTo(initializer));
    for (Map.Entry<ListenerSlot.Key, ListenerSlot> e : oldListeners.entrySet()) {
      if (nextListeners.get(e.getKey()) != e.getValue()) {
        // Waited for, so that the port is free for whatever the caller does next.
        e.getValue().channel().close().syncUninterruptibly();
      }
    }
    for (String removed : oldUnits.keySet()) {
      if (!nextUnits.containsKey(removed)) {
        int open = drainThenClose(removed);
        changes.put(removed, new TopologyChange.ServiceChange(removed, TopologyChange.Kind.REMOVED,
            List.of(open + " open connection(s) may finish within " + Durations.format(options.drainTimeout()))));
      }
    }
    this.topology = next;
    this.stats = Collections.unmodifiableMap(nextStats);
    this.bound = Collections.unmodifiableMap(nextBound);
    this.listeners = nextListeners;
    this.units = nextUnits;
    watchCertificates(oldUnits, nextUnits);
    List<TopologyChange.ServiceChange> ordered = new ArrayList<>();
    for (Service s : next.services()) {
      if (changes.containsKey(s.name())) {
        ordered.add(changes.remove(s.name()));
      }
    }
    ordered.addAll(changes.values());
    return new TopologyChange(next.name(), ordered);
  }

  private static TopologyChange.ServiceChange describe(Service s, Optional<ServiceUnit> old, ServiceUnit unit,
      List<InetSocketAddress> bound) {
    if (old.isEmpty()) {
      List<String> where = bound.stream().map(StartBanner::text).toList();
      return new TopologyChange.ServiceChange(s.name(), TopologyChange.Kind.ADDED,
          List.of("listening on " + String.join(", ", where)));
    }
    if (old.get() == unit) {
      return new TopologyChange.ServiceChange(s.name(), TopologyChange.Kind.UNCHANGED, List.of());
    }
    return new TopologyChange.ServiceChange(s.name(), TopologyChange.Kind.CHANGED,
        ServiceDifferences.between(old.get(), unit));
  }

  /**
   * Closes what is left of a removed service's connections once the drain timeout has passed; its
   * listeners are closed already. Returns how many were open.
   */
  private int drainThenClose(String service) {
    List<Channel> open = registry.snapshotOf(service);
    if (!open.isEmpty()) {
      group.next().schedule(() -> {
        for (Channel c : registry.snapshotOf(service)) {
          c.eventLoop().execute(() -> {
            registry.recordOf(c).ifPresent(r -> r.closeReason("service removed by an update"));
            c.close();
          });
        }
      }, options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    return open.size();
  }

  /** Watches the certificate files of the tls-terminate services now running, if that set changed. */
  private void watchCertificates(Map<String, ServiceUnit> before, Map<String, ServiceUnit> after) {
    List<TlsTerminator> was = terminators(before);
    List<TlsTerminator> now = terminators(after);
    if (was.equals(now) && (certificateWatcher != null || now.isEmpty())) {
      return;
    }
    if (certificateWatcher != null) {
      certificateWatcher.close();
      certificateWatcher = null;
    }
    if (!now.isEmpty()) {
      certificateWatcher = CertificateWatcher.start(topology.name(), now, options.certificateCheckInterval());
    }
  }

  private static List<TlsTerminator> terminators(Map<String, ServiceUnit> units) {
    List<TlsTerminator> list = new ArrayList<>();
    for (ServiceUnit u : units.values()) {
      u.terminator().ifPresent(list::add);
    }
    return list;
  }

  private static boolean isIpv4Wildcard(InetSocketAddress address) {
    return address.getAddress() instanceof java.net.Inet4Address && address.getAddress().isAnyLocalAddress();
  }

  /**
   * The kernel's queue of connections not yet accepted, as nginx's default (511 on Linux), not
   * Netty's (somaxconn, often 4096): while accepting is paused (out of descriptors) clients wait
   * there, and a queue eight times longer only makes the recovery take longer; past it, clients
   * retry their SYN as they would with nginx.
   */
  static final int LISTEN_BACKLOG = 511;

  private ListenerSlot bind(Service s, ListenerSlot.Key key, ServiceInitializer initializer) {
    InetSocketAddress address = key.wanted();
    ServiceSwitch services = new ServiceSwitch(initializer);
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
            ? new Ipv4ClientsOnly(services) : services);
    options.allocator().ifPresent(a -> b.option(ChannelOption.ALLOCATOR, a).childOption(ChannelOption.ALLOCATOR, a));
    if (address.getAddress() instanceof java.net.Inet6Address) {
      // An IPv6 listener serves IPv6 only, as in sslh and nginx (and as validation assumes), so
      // that [::]:443 and 0.0.0.0:443 can be two listeners. NIO has no such option: there [::]
      // also takes IPv4 clients.
      transport.ipv6Only().ifPresent(o -> b.option(o, 1));
    }
    try {
      return new ListenerSlot(key, b.bind(address).sync().channel(), services);
    } catch (Exception e) {
      throw new TproxyStartException("service \"" + s.name() + "\" cannot listen on " + StartBanner.text(address) + ": " + e.getMessage(), e);
    } catch (Throwable t) {
      // sync() rethrows the bind failure as is, also as a checked exception Java cannot see.
      throw new TproxyStartException("service \"" + s.name() + "\" cannot listen on " + StartBanner.text(address) + ": " + t, t);
    }
  }

  public Topology topology() {
    return topology;
  }

  /** The services an update runs unless it says otherwise (empty: all). */
  public Set<String> onlyServices() {
    return onlyServices;
  }

  public Map<String, List<InetSocketAddress>> boundAddresses() {
    return bound;
  }

  /** The services this runtime runs now, in the topology's order. */
  public Set<String> serviceNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(bound.keySet()));
  }

  public ServiceCounters counters(String service) {
    ServiceStats s = stats.get(service);
    if (s == null) {
      throw new IllegalArgumentException("no service is named \"" + service + "\"; services: " + stats.keySet());
    }
    return s;
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
    List<Channel> toClose = new ArrayList<>();
    synchronized (this) {
      // apply() holds the lock while it binds: once closing is set, it binds nothing more.
      if (certificateWatcher != null) {
        certificateWatcher.close();
      }
      listeners.values().forEach(l -> toClose.add(l.channel()));
    }
    List<CompletableFuture<Void>> unbinds = new ArrayList<>();
    for (Channel l : toClose) {
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
