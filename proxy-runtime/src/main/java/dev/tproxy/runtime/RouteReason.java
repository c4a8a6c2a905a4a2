package dev.tproxy.runtime;

import java.util.Locale;

/**
 * Why a stage chose a connection's target, as a small fixed set (a metric's tag, a field of
 * {@link ConnectionEvent}); the connection log's text says more, e.g. which probe or name.
 */
public enum RouteReason {
  /** A demux probe matched (ssh, tls, http, regex, ...). */
  PROBE,
  /** An sni-route rule matched the ClientHello's server name, exactly or by wildcard. */
  SNI,
  /** An sni-route rule matched a protocol the ClientHello offers by ALPN. */
  ALPN,
  /**
   * Nothing matched: an sni-route stage's default target, or a demux stage's last rule (no probe
   * matched, the client ended its data, or the preread limit was reached undecided).
   */
  DEFAULT,
  /** A demux stage's probe timeout fired: its on-timeout target. */
  TIMEOUT,
  /** A forward stage, or a tls-terminate stage once its handshake is done: the one target. */
  FORWARD;

  private final String tag = name().toLowerCase(Locale.ROOT);

  /** Lower case, as metric tags and JSON lines carry it: {@code probe}, {@code sni}, ... */
  public String tag() {
    return tag;
  }
}
