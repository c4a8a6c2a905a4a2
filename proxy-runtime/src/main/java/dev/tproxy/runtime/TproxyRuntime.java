package dev.tproxy.runtime;

import dev.tproxy.model.Topology;
import dev.tproxy.runtime.internal.RunningTopology;
import dev.tproxy.runtime.internal.transport.Transport;
import io.netty.channel.IoHandlerFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A topology running in this JVM on Netty: every service listens, demultiplexes, routes and
 * forwards as its stage says, transparently where the topology says so.
 *
 * <pre>{@code
 * try (TproxyRuntime runtime = TproxyRuntime.start(topology, RuntimeOptions.builder()
 *     .inProcessTarget("app", myServerInitializer)
 *     .build())) {
 *   InetSocketAddress front = runtime.boundAddress("front");
 *   ...
 * }
 * }</pre>
 *
 * Any number of runtimes can run in one JVM, started and closed any number of times; each owns
 * its event loops unless the embedder supplies them.
 */
public final class TproxyRuntime implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.tproxy.runtime");

  private final RunningTopology running;
  private final java.util.List<java.util.function.Consumer<TopologyChange>> updateListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private TproxyRuntime(RunningTopology running) {
    this.running = running;
  }

  /** Starts with {@link RuntimeOptions#defaults()}. */
  public static TproxyRuntime start(Topology topology) {
    return start(topology, RuntimeOptions.defaults());
  }

  /**
   * Validates the topology and starts every service; returns once all of them accept
   * connections.
   *
   * @throws dev.tproxy.model.InvalidTopologyException when the topology is not valid
   * @throws TproxyStartException when it cannot run here (a port is taken, transparency without
   *     epoll or capability, a missing in-process handler); nothing is left running
   */
  public static TproxyRuntime start(Topology topology, RuntimeOptions options) {
    return new TproxyRuntime(RunningTopology.start(topology, options));
  }

  /**
   * The {@code IoHandlerFactory} for an embedder's event loops of this {@code kind} ({@code
   * EPOLL}, {@code IO_URING} or {@code NIO}), as the runtime's own loops use it: {@code new
   * MultiThreadIoEventLoopGroup(threads, TproxyRuntime.ioHandlerFactory(TransportKind.EPOLL))}.
   * For epoll it carries a workaround for Netty 4.2.18 that half-closed connections need.
   */
  /**
   * Loads and probes the native transport {@code kind} would choose, so that {@link #start} does
   * not wait for it: io_uring's probe takes about 150 ms. Optional; call it on another thread
   * while the topology is read (the launcher does). Failures are left for {@link #start} to
   * report.
   */
  public static void prepareTransport(TransportKind kind) {
    try {
      Transport.choose(kind, false);
    } catch (RuntimeException | LinkageError e) {
      // start() chooses again and says what is wrong
    }
  }

  public static IoHandlerFactory ioHandlerFactory(TransportKind kind) {
    return Transport.choose(kind, false).ioHandlerFactory();
  }

  /**
   * Replaces the running topology with {@code next}, without a restart. {@code next} is validated
   * first; when it is invalid or cannot run here, nothing changes and the old topology keeps
   * running. Otherwise:
   *
   * <ul>
   *   <li>a listener whose address stays keeps its socket, so no client is refused during the
   *       change;
   *   <li>added services start; removed ones stop accepting, and their open connections have
   *       {@link RuntimeOptions#drainTimeout()} to finish;
   *   <li>a changed service's new connections get its new settings, and open connections finish
   *       on the routes they were given;
   *   <li>counters carry on for services that stay.
   * </ul>
   *
   * What the runtime fixed at start stays: transport, event loops, TLS provider, {@link
   * RuntimeOptions}. Not for an event loop of the runtime: it binds sockets and may read
   * certificate files.
   *
   * @return what changed, service by service (also logged)
   * @throws dev.tproxy.model.InvalidTopologyException when {@code next} is not valid
   * @throws TproxyStartException when it cannot run here (a port is taken, a certificate cannot
   *     be read, a change only a restart can make)
   */
  public TopologyChange update(Topology next) {
    return update(next, running.onlyServices());
  }

  /**
   * {@link #update(Topology)}, running only the services named in {@code onlyServices} from now on
   * (empty: all of them), as {@link RuntimeOptions.Builder#onlyServices} does at start: a service
   * the new topology adds can be run so.
   */
  public TopologyChange update(Topology next, java.util.Collection<String> onlyServices) {
    if (isOnEventLoop()) {
      throw new IllegalStateException("update() binds sockets and reads files; call it from another thread");
    }
    TopologyChange change = running.update(next, java.util.Set.copyOf(onlyServices));
    for (java.util.function.Consumer<TopologyChange> listener : updateListeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        LOG.warn("a listener of topology updates failed: {}", e.toString());
      }
    }
    return change;
  }

  /**
   * {@code listener} hears of each applied {@link #update}, after it took effect, on the
   * updating thread ({@code TproxyMetrics} follows the services so).
   */
  public void addUpdateListener(java.util.function.Consumer<TopologyChange> listener) {
    updateListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  public void removeUpdateListener(java.util.function.Consumer<TopologyChange> listener) {
    updateListeners.remove(listener);
  }

  /** The topology running now: the one started with, or the last one {@link #update} applied. */
  public Topology topology() {
    return running.topology();
  }



  /** Where each service really listens, by service name: ephemeral ports and local mode resolved. */
  public Map<String, List<InetSocketAddress>> boundAddresses() {
    return running.boundAddresses();
  }

  /** Where {@code service} really listens, in the order of its listen list. */
  public List<InetSocketAddress> boundAddresses(String service) {
    List<InetSocketAddress> a = running.boundAddresses().get(service);
    if (a == null) {
      throw new IllegalArgumentException("no service is named \"" + service + "\"; services: "
          + running.boundAddresses().keySet());
    }
    return a;
  }

  /** The first address {@code service} listens on. */
  public InetSocketAddress boundAddress(String service) {
    return boundAddresses(service).get(0);
  }

  /**
   * The names of the services running now, in the topology's order: each has {@link
   * #counters(String)}. A metrics binder reads it to follow services that come and go.
   */
  public Set<String> serviceNames() {
    return running.serviceNames();
  }

  /** The live counters of {@code service}. */
  public ServiceCounters counters(String service) {
    return running.counters(service);
  }

  /** Client connections open now, all services together. */
  public int openConnections() {
    return running.openConnections();
  }

  /**
   * Stops accepting, lets open connections finish for {@link RuntimeOptions#drainTimeout()},
   * closes what is left and releases the event loops the runtime made. Completes when all is
   * done; idempotent.
   */
  public CompletableFuture<Void> closeAsync() {
    return running.closeAsync();
  }

  /** {@link #closeAsync()} and wait for it. Must not be called from one of the runtime's event loops. */
  @Override
  public void close() {
    if (isOnEventLoop()) {
      throw new IllegalStateException("close() blocks until connections drain; on an event loop use closeAsync()");
    }
    running.closeAsync().join();
  }

  private boolean isOnEventLoop() {
    for (io.netty.util.concurrent.EventExecutor e : running.group()) {
      if (e.inEventLoop()) {
        return true;
      }
    }
    return false;
  }
}
