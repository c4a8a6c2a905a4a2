package dev.tproxy.runtime;

import java.util.Objects;
import java.util.Set;

/**
 * Live counters of one service, updated as connections come and go; reading them is cheap and
 * never blocks the event loops. Bytes count what crosses the client's connection. The Micrometer
 * binder ({@code dev.tproxy.runtime.metrics.TproxyMetrics}) exposes exactly these.
 */
public interface ServiceCounters {

  /** A way through the service's stage: a target and the kind of rule that chooses it. */
  record Route(String target, RouteReason reason) {
    public Route {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Connections accepted since start. */
  long accepted();

  /** Connections open now. */
  long active();

  /** Connections closed since start, for any reason. */
  long closed();

  /**
   * The routes the stage can take, each known from start (its counters start at zero), plus
   * any other one taken since. Their targets are the ones {@link #connectFailures(String)} and
   * the other per-target counters know.
   */
  Set<Route> routes();

  /** Connections that went to {@code target} (a service or backend name), for whatever reason. */
  long routedTo(String target);

  /** Connections that went to {@code target} because of {@code reason}. */
  long routed(String target, RouteReason reason);

  /** Connections closed because the target could not be reached (refused, timed out, bind failed). */
  long connectFailures();

  /** {@link #connectFailures()} of connections routed to {@code target}. */
  long connectFailures(String target);

  /** Successful connects to {@code target} (in-process targets need none). */
  long connects(String target);

  /** The time the {@link #connects(String) successful connects} to {@code target} took together, in nanoseconds. */
  long connectNanos(String target);

  /**
   * Connections closed at once because a connection limit was full: the service's {@code
   * max-connections} (checked at accept) or a route's (checked when the stage has chosen it).
   */
  long refusedByLimit();

  /** The part of {@link #refusedByLimit()} refused by the limit of a route to {@code target}. */
  long refusedByRouteLimit(String target);

  /**
   * Decisions the stage took: routes (refused ones included) and closes, such as an sni-route
   * stage's preread timeout. A forward or tls-terminate stage decides as soon as it starts.
   */
  long decisions();

  /**
   * The time the {@link #decisions()} took together, in nanoseconds, each from the moment the
   * stage saw the connection (at accept, or once a PROXY header or TLS handshake let it through).
   */
  long decisionNanos();

  /**
   * Connections of a tls-terminate service closed because the TLS handshake failed (protocol,
   * cipher, timeout, a broken client) or the client certificate was missing or not trusted:
   * {@link #tlsHandshakeFailures()} + {@link #tlsClientCertificateRefusals()}.
   */
  long tlsFailures();

  /** TLS handshakes that completed (their client certificate may still be refused). */
  long tlsHandshakes();

  /** TLS handshakes that failed, timed out, or that the client gave up. */
  long tlsHandshakeFailures();

  /** Completed TLS handshakes whose client certificate was then refused (missing, or not trusted). */
  long tlsClientCertificateRefusals();

  /**
   * Connections of a service that accepts PROXY headers closed because of theirs: from an
   * untrusted peer, malformed, not complete within the timeout, or cut short by the client.
   */
  long proxyHeaderErrors();

  /** Bytes read from clients (probed bytes included). */
  long bytesFromClients();

  /** Bytes written to clients. */
  long bytesToClients();

  /** Transparent connects that kept the client's port. */
  long transparentKeptPort();

  /** Transparent connects that found the client's port taken (EADDRINUSE) and let the kernel pick one. */
  long transparentNewPortAfterConflict();

  /** Transparent connects on a new port because the service asks for it ({@code transparent-bind: new-port}). */
  long transparentNewPortByPolicy();

  /** Transparent services' connects that skipped the bind because the client is on this machine. */
  long transparentSkippedLocalClient();

  /** Connects that ended as {@code outcome}; the transparent ones are also counted by the methods above. */
  long binds(BindOutcome outcome);
}
