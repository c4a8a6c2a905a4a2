package dev.tproxy.runtime.internal.connection;

import dev.tproxy.model.Target;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What one client connection did, for its log line and the service's counters. Confined to the
 * connection's event loop: no synchronisation.
 */
public final class ConnectionRecord {
  private final String service;
  private final ServiceStats stats;
  private SocketAddress client;
  private SocketAddress listener;
  private String proxiedBy = "";
  private String tls = "";
  private final long startNanos = System.nanoTime();
  private String route = "none";
  private Target target;
  private SocketAddress upstreamLocal;
  private SocketAddress upstreamRemote;
  private String upstreamNote = "";
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
   * A trusted peer's PROXY header named the real client and the address it connected to; from
   * now on they count, and the log says who relayed them ({@code via PROXY v2 from ip:port}).
   */
  public void proxied(InetSocketAddress source, InetSocketAddress destination, String how) {
    this.proxiedBy = " (" + how + " from " + address(client) + ")";
    this.client = source;
    this.listener = destination;
  }

  /** What the TLS handshake settled, for the log: protocol, suite, server name, client certificate. */
  public void tls(String summary) {
    this.tls = summary;
  }

  /** The TLS handshake, or the client certificate's check, failed; the connection ends now. */
  public void tlsFailed(String reason) {
    stats.tlsFailures.increment();
    closeReason(reason);
  }

  /** A connection limit was full: the connection is closed at once. */
  public void refused(String reason) {
    stats.refused.increment();
    closeReason(reason);
  }

  /** The stage chose {@code target} but the route's limit was full. */
  public void refusedRoute(Target target, String why, String reason) {
    this.route = why + " -> " + target.name() + " (refused)";
    refused(reason);
  }

  public void routed(Target target, String why) {
    this.target = target;
    this.route = why + " -> " + target.name();
    stats.routed(target.name());
  }

  public Target target() {
    return target;
  }

  public void upstream(SocketAddress local, SocketAddress remote, BindOutcome bind) {
    this.upstreamLocal = local;
    this.upstreamRemote = remote;
    this.bind = bind;
    if (bind != BindOutcome.NOT_TRANSPARENT) {
      stats.bound(bind);
    }
  }

  /** An upstream that is not a socket, e.g. an in-process handler. */
  public void upstream(String description) {
    this.upstreamNote = description;
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
    stats.connectFailures.increment();
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

  /**
   * {@code front 10.77.0.2:40368 -> 10.77.0.1:443 route probe ssh -> sshd upstream 10.77.0.2:37846 ->
   * 192.168.255.254:22 (transparent, ...) bytes 120/2048 duration 1.204s closed client closed}
   */
  String describe() {
    StringBuilder b = new StringBuilder(200);
    b.append(service).append(' ').append(address(client)).append(" -> ").append(address(listener)).append(proxiedBy);
    if (!tls.isEmpty()) {
      b.append(" tls ").append(tls);
    }
    b.append(" route ").append(route);
    b.append(" upstream ");
    if (upstreamRemote != null) {
      b.append(address(upstreamLocal)).append(" -> ").append(address(upstreamRemote))
          .append(" (").append(bind.description()).append(')');
    } else if (!upstreamNote.isEmpty()) {
      b.append(upstreamNote);
    } else {
      b.append("none");
    }
    b.append(" bytes ").append(bytesFromClient).append('/').append(bytesToClient);
    if (bytesUncounted) {
      b.append(" (+spliced)");
    }
    long millis = (System.nanoTime() - startNanos) / 1_000_000;
    // seconds with three decimals, e.g. 1.204s: 1000 + the milliseconds gives the leading zeros
    b.append(" duration ").append(millis / 1000).append('.').append(String.valueOf(1000 + millis % 1000), 1, 4).append('s');
    b.append(" closed ").append(closeReason == null ? "client closed" : closeReason);
    return b.toString();
  }

  static String address(SocketAddress a) {
    if (a instanceof InetSocketAddress i) {
      String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + i.getPort();
    }
    if (a == null || a.toString().isEmpty()) {
      return "unnamed";
    }
    return "unix:" + a;
  }
}
