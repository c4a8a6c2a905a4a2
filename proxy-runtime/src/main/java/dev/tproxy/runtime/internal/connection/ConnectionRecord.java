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
  private final SocketAddress client;
  private final SocketAddress listener;
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

  /** The client's address: the one transparency binds and the logs show. */
  public InetSocketAddress client() {
    return (InetSocketAddress) client;
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
    b.append(service).append(' ').append(address(client)).append(" -> ").append(address(listener));
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
    long micros = (System.nanoTime() - startNanos) / 1000;
    b.append(" duration ").append(micros / 1_000_000).append('.').append(String.format("%03d", (micros / 1000) % 1000)).append('s');
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
