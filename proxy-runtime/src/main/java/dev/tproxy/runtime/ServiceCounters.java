package dev.tproxy.runtime;

/**
 * Live counters of one service, updated as connections come and go; reading them is cheap and
 * never blocks the event loops. Bytes count what crosses the client's connection.
 */
public interface ServiceCounters {
  /** Connections accepted since start. */
  long accepted();

  /** Connections open now. */
  long active();

  /** Connections closed since start, for any reason. */
  long closed();

  /** Connections that went to {@code target} (a service or backend name). */
  long routedTo(String target);

  /** Connections closed because the target could not be reached (refused, timed out, bind failed). */
  long connectFailures();

  /**
   * Connections closed at once because a connection limit was full: the service's {@code
   * max-connections} (checked at accept) or a route's (checked when the stage has chosen it).
   */
  long refusedByLimit();

  /**
   * Connections of a tls-terminate service closed because the TLS handshake failed (protocol,
   * cipher, timeout, a broken client) or the client certificate was missing or not trusted.
   */
  long tlsFailures();

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
}
