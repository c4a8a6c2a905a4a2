package dev.tproxy.runtime;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How a {@link TproxyRuntime} runs a topology on this host; immutable, made with {@link
 * #builder()}. Only embedding concerns live here: event loops, allocator, transport, TLS provider,
 * in-process handlers, local mode, draining and logging. Whatever a connection experiences on the
 * wire (timeouts, preread limits, how transparent connections bind) is in the topology, so that
 * the runtime and the generated files agree. The defaults suit a production host: the runtime's
 * own native event loops, 10 s to drain at close.
 */
public final class RuntimeOptions {
  /** The default {@link Builder#connectionLog}: nobody but the logger reads the lines. */
  public static final Consumer<String> NO_CONNECTION_LOG = line -> { };

  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
  /** Added to privileged listen ports in local mode: 443 becomes 10443. */
  public static final int DEFAULT_LOCAL_PORT_OFFSET = 10_000;
  /** How often certificate files are checked for renewals. */
  public static final Duration DEFAULT_CERTIFICATE_CHECK_INTERVAL = Duration.ofSeconds(10);

  private final EventLoopGroup eventLoopGroup;
  private final int ioThreads;
  private final TransportKind transport;
  private final Duration drainTimeout;
  private final boolean localMode;
  private final int localPortOffset;
  private final Map<String, ChannelHandler> inProcessTargets;
  private final ByteBufAllocator allocator;
  private final boolean splice;
  private final TlsProvider tlsProvider;
  private final Duration certificateCheckInterval;
  private final Consumer<String> connectionLog;
  private final Set<String> onlyServices;

  private RuntimeOptions(Builder b) {
    this.eventLoopGroup = b.eventLoopGroup;
    this.ioThreads = b.ioThreads;
    this.transport = b.transport;
    this.drainTimeout = b.drainTimeout;
    this.localMode = b.localMode;
    this.localPortOffset = b.localPortOffset;
    this.inProcessTargets = Map.copyOf(b.inProcessTargets);
    this.allocator = b.allocator;
    this.splice = b.splice;
    this.tlsProvider = b.tlsProvider;
    this.certificateCheckInterval = b.certificateCheckInterval;
    this.connectionLog = b.connectionLog;
    this.onlyServices = Set.copyOf(b.onlyServices);
  }

  public static RuntimeOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.eventLoopGroup = eventLoopGroup;
    b.ioThreads = ioThreads;
    b.transport = transport;
    b.drainTimeout = drainTimeout;
    b.localMode = localMode;
    b.localPortOffset = localPortOffset;
    b.inProcessTargets.putAll(inProcessTargets);
    b.allocator = allocator;
    b.splice = splice;
    b.tlsProvider = tlsProvider;
    b.certificateCheckInterval = certificateCheckInterval;
    b.onlyServices.addAll(onlyServices);
    b.connectionLog = connectionLog;
    return b;
  }

  /** The embedder's event loops, if it supplied them; the runtime then never shuts them down. */
  public Optional<EventLoopGroup> eventLoopGroup() {
    return Optional.ofNullable(eventLoopGroup);
  }

  /**
   * Threads of the runtime's own event loops; 0 means one per two cores (at least one): the
   * JVM's compiler and collector threads, and whatever shares the machine, need the others.
   * Measured on 2 vCPUs with the load beside it, one loop made 0.27 of a direct connection's
   * rate against 0.17-0.20 for two (docs/performance.md); Netty's own default is twice the cores.
   */
  public int ioThreads() {
    return ioThreads;
  }

  public TransportKind transport() {
    return transport;
  }

  public Duration drainTimeout() {
    return drainTimeout;
  }

  public boolean localMode() {
    return localMode;
  }

  public int localPortOffset() {
    return localPortOffset;
  }

  /** Handlers for in-process backends, by backend name. */
  public Map<String, ChannelHandler> inProcessTargets() {
    return inProcessTargets;
  }

  public Optional<ByteBufAllocator> allocator() {
    return Optional.ofNullable(allocator);
  }

  public boolean splice() {
    return splice;
  }

  public TlsProvider tlsProvider() {
    return tlsProvider;
  }

  public Duration certificateCheckInterval() {
    return certificateCheckInterval;
  }

  /** Receives each connection's log line too (besides logger {@code dev.tproxy.runtime.connections}). */
  /**
   * The services this runtime runs; empty: all of them. The others run elsewhere (in their own
   * engines, or another runtime), and a service of this runtime that targets one of them connects
   * to its listen address as written (moved as local mode moves it).
   */
  public Set<String> onlyServices() {
    return onlyServices;
  }

  public Consumer<String> connectionLog() {
    return connectionLog;
  }

  /** Fluent, mutable; {@link #build()} makes the immutable options. */
  public static final class Builder {
    private EventLoopGroup eventLoopGroup;
    private int ioThreads;
    private TransportKind transport = TransportKind.AUTO;
    private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
    private boolean localMode;
    private int localPortOffset = DEFAULT_LOCAL_PORT_OFFSET;
    private final Set<String> onlyServices = new LinkedHashSet<>();
    private final Map<String, ChannelHandler> inProcessTargets = new LinkedHashMap<>();
    private ByteBufAllocator allocator;
    private boolean splice;
    private TlsProvider tlsProvider = TlsProvider.AUTO;
    private Duration certificateCheckInterval = DEFAULT_CERTIFICATE_CHECK_INTERVAL;
    private Consumer<String> connectionLog = NO_CONNECTION_LOG;

    private Builder() {}

    /**
     * Runs on the embedding server's event loops (an epoll or NIO {@code IoEventLoopGroup}); the
     * runtime uses them and leaves their shutdown to the embedder.
     */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.eventLoopGroup = Objects.requireNonNull(group, "group");
      return this;
    }

    /** Threads of the runtime's own event loops (ignored with {@link #eventLoopGroup}). */
    public Builder ioThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("ioThreads must be 0 (one per two cores) or more, not " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    public Builder transport(TransportKind transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** How long {@link TproxyRuntime#close()} lets open connections finish before closing them. */
    public Builder drainTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("drainTimeout must not be negative");
      }
      this.drainTimeout = timeout;
      return this;
    }

    /**
     * For trying a topology without root ({@code tproxy:run}): every listener moves to the
     * loopback address of its family, ports below 1024 move up by {@code portOffset}, and
     * transparency is off. The mapping is logged at start.
     */
    public Builder localMode(boolean localMode) {
      this.localMode = localMode;
      return this;
    }

    public Builder localPortOffset(int offset) {
      if (offset < 0 || offset > 64_511) {
        throw new IllegalArgumentException("localPortOffset must be between 0 and 64511, not " + offset);
      }
      this.localPortOffset = offset;
      return this;
    }

    /**
     * The handler that receives connections routed to the in-process backend {@code backend}:
     * it is added to the client's own channel (typically a {@code ChannelInitializer}, which must
     * be {@code @Sharable}), which then replays the bytes the stage read while deciding. No
     * loopback hop; the channel's remote address is the client's.
     */
    public Builder inProcessTarget(String backend, ChannelHandler handler) {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(handler, "handler");
      inProcessTargets.put(backend, handler);
      return this;
    }

    /** The buffer allocator of every channel; Netty's default when not set. */
    public Builder allocator(ByteBufAllocator allocator) {
      this.allocator = Objects.requireNonNull(allocator, "allocator");
      return this;
    }

    /**
     * Relays with splice(2) between epoll sockets, so that bytes never enter user space. The
     * connection log and counters then count only the bytes read while deciding; the idle timeout
     * is read from the client socket's tcp_info. Netty 4.2 deprecates its splice API, so this is
     * off by default.
     */
    public Builder splice(boolean splice) {
      this.splice = splice;
      return this;
    }

    /** Who performs TLS for tls-terminate stages; {@link TlsProvider#AUTO} unless asked. */
    public Builder tlsProvider(TlsProvider provider) {
      this.tlsProvider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /**
     * How often the certificate, key, passphrase and CA files of tls-terminate stages are checked
     * for changes; changed files are read again for new connections (Let's Encrypt renewals).
     */
    public Builder certificateCheckInterval(Duration interval) {
      this.certificateCheckInterval = positive(interval, "certificateCheckInterval");
      return this;
    }

    /**
     * Also hands every connection's log line (written when the client's connection closes) to
     * {@code lines}, e.g. to ship them elsewhere. Called on an event loop: it must not block.
     */
    public Builder connectionLog(Consumer<String> lines) {
      this.connectionLog = Objects.requireNonNull(lines, "lines");
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }

    /**
     * Runs only the services named (all of them when none is); see {@link
     * RuntimeOptions#onlyServices()}. A name the topology does not have is refused at start.
     */
    public Builder onlyServices(Collection<String> services) {
      Objects.requireNonNull(services, "services");
      this.onlyServices.clear();
      this.onlyServices.addAll(services);
      return this;
    }

    public RuntimeOptions build() {
      return new RuntimeOptions(this);
    }
  }
}
