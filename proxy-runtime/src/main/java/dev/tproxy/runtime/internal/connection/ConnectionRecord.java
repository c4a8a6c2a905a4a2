package dev.tproxy.runtime.internal.connection;

import dev.tproxy.model.Target;
import dev.tproxy.runtime.BindOutcome;
import dev.tproxy.runtime.ConnectionEvent;
import dev.tproxy.runtime.RouteReason;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one client connection did, for the service's counters and, at close, its {@link
 * ConnectionEvent}. Confined to the connection's event loop: no synchronisation. Keeps what the
 * handlers learn as they learn it; the event is made only if someone reads it.
 */
public final class ConnectionRecord {
  private final String service;
  private final ServiceStats stats;
  private SocketAddress client;
  private SocketAddress listener;
  private ConnectionEvent.ProxyHeader proxyHeader;
  private ConnectionEvent.Tls tls;
  private final long startNanos = System.nanoTime();
  private final long startMillis = System.currentTimeMillis();
  private Target target;
  private RouteReason reason;
  private String why;
  private boolean refusedRoute;
  private SocketAddress upstreamLocal;
  private SocketAddress upstreamRemote;
  private String inProcessBackend;
  private BindOutcome bind = BindOutcome.NOT_TRANSPARENT;
  private long bytesFromClient;
  private long bytesToClient;
  private String closeReason;
  private boolean clientInputEnded;
  private boolean bytesUncounted;

  public ConnectionRecord(String service, ServiceStats stats, SocketAddress client, SocketAddress listener) {
    this.service = service;
    this.stats = stats;
    this.client = client;
    this.listener = listener;
  }

  public String service() {
    return service;
  }

  /**
   * The client's address: the one transparency binds and the logs show; the one a trusted PROXY
   * header named, if the service accepts them.
   */
  public InetSocketAddress client() {
    return (InetSocketAddress) client;
  }

  /** Where the client connected to: the listener, or the destination a trusted PROXY header named. */
  public InetSocketAddress destination() {
    return (InetSocketAddress) listener;
  }

  /**
   * A trusted peer's PROXY header ({@code version} v1 or v2) named the real client and the
   * address it connected to; from now on they count, and the log says who relayed them.
   */
  public void proxied(InetSocketAddress source, InetSocketAddress destination, String version) {
    this.proxyHeader = new ConnectionEvent.ProxyHeader(version, (InetSocketAddress) client, Optional.empty());
    this.client = source;
    this.listener = destination;
  }

  /**
   * A trusted peer's PROXY header named no TCP client ({@code why}: its LOCAL command or its
   * protocol): the connection's own addresses stay, as the specification says.
   */
  public void proxiedOwnAddressesKept(String version, String why) {
    this.proxyHeader = new ConnectionEvent.ProxyHeader(version, (InetSocketAddress) client, Optional.of(why));
  }

  /**
   * The PROXY header was refused, broken, late or cut short; the connection ends now. Counted
   * once, and only as the reason the connection ended (a broken header is also end of data).
   */
  public void proxyHeaderFailed(String reason) {
    if (closeReason == null) {
      stats.countProxyHeaderError();
      closeReason = reason;
    }
  }

  /** The TLS handshake completed; its client certificate is checked next. */
  public void tlsHandshakeDone() {
    stats.countTlsHandshake();
  }

  /** What the TLS handshake settled, once the connection may go on. */
  public void tls(ConnectionEvent.Tls settled) {
    this.tls = settled;
  }

  /** The TLS handshake failed, or the client gave up during it; the connection ends now. */
  public void tlsHandshakeFailed(String reason) {
    stats.countTlsHandshakeFailure();
    closeReason(reason);
  }

  /** The handshake completed but the client certificate is missing or not trusted; the connection ends now. */
  public void clientCertificateRefused(String reason) {
    stats.countTlsClientRefusal();
    closeReason(reason);
  }

  /** A service's connection limit was full: the connection is closed at once. */
  public void refused(String reason) {
    stats.refused.increment();
    closeReason(reason);
  }

  /** The stage chose {@code target} but the route's limit was full. */
  public void refusedRoute(Target target, RouteReason reason, String why, String refusal) {
    this.target = target;
    this.reason = reason;
    this.why = why;
    this.refusedRoute = true;
    stats.countRefusedByRoute(target.name());
    closeReason(refusal);
  }

  public void routed(Target target, RouteReason reason, String why) {
    this.target = target;
    this.reason = reason;
    this.why = why;
    stats.countRouted(target.name(), reason);
  }

  /** The stage decided (a route or a close) {@code nanos} after it saw the connection. */
  public void decided(long nanos) {
    stats.countDecision(nanos);
  }

  /** The upstream is connected, after {@code connectNanos}, and bound as {@code bind}. */
  public void upstream(SocketAddress local, SocketAddress remote, BindOutcome bind, long connectNanos) {
    this.upstreamLocal = local;
    this.upstreamRemote = remote;
    this.bind = bind;
    stats.countBind(bind);
    if (target != null) {
      stats.countConnect(target.name(), connectNanos);
    }
  }

  /** The connection went to the embedder's in-process backend {@code backend}. */
  public void inProcess(String backend) {
    this.inProcessBackend = backend;
  }

  public BindOutcome bind() {
    return bind;
  }

  void addFromClient(long n) {
    bytesFromClient += n;
    stats.bytesFromClients.add(n);
  }

  void addToClient(long n) {
    bytesToClient += n;
    stats.bytesToClients.add(n);
  }

  /** The upstream could not be reached. */
  public void connectFailed(String reason) {
    stats.countConnectFailure(target == null ? null : target.name());
    closeReason(reason);
  }

  /** Splice moves bytes inside the kernel: the counts stop at what crossed the pipeline. */
  public void bytesUncounted() {
    this.bytesUncounted = true;
  }

  /** Records why the connection ends; the first reason given is the one that counts. */
  public void closeReason(String reason) {
    if (closeReason == null) {
      closeReason = reason;
    }
  }

  public void clientInputEnded() {
    this.clientInputEnded = true;
  }

  public boolean isClientInputEnded() {
    return clientInputEnded;
  }

  /** What the connection did, up to now (the duration runs until this call). */
  public ConnectionEvent toEvent() {
    Optional<ConnectionEvent.Route> route = target == null ? Optional.empty()
        : Optional.of(new ConnectionEvent.Route(target.name(), reason, why, refusedRoute));
    Optional<ConnectionEvent.Upstream> upstream;
    if (upstreamRemote != null) {
      upstream = Optional.of(new ConnectionEvent.Upstream.Socket(upstreamLocal, upstreamRemote, bind));
    } else if (inProcessBackend != null) {
      upstream = Optional.of(new ConnectionEvent.Upstream.InProcess(inProcessBackend));
    } else {
      upstream = Optional.empty();
    }
    return new ConnectionEvent(service, (InetSocketAddress) client, (InetSocketAddress) listener,
        Optional.ofNullable(proxyHeader), Optional.ofNullable(tls), route, upstream, bytesFromClient, bytesToClient,
        bytesUncounted, Instant.ofEpochMilli(startMillis), Duration.ofNanos(System.nanoTime() - startNanos),
        closeReason == null ? "client closed" : closeReason);
  }
}
