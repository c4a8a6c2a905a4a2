package dev.tproxy.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * PROXY protocol on a service.
 *
 * @param accept the listener expects a PROXY header (v1 or v2) before the data; the address in
 *     it then counts as the client's (logs, transparency)
 * @param trusted the peers allowed to send that header; a header from anyone else is refused.
 *     Empty while {@code accept}: loopback only.
 * @param send the version to send to targets, if any
 * @param timeout with {@code accept}: how long to wait for the header (nginx {@code
 *     proxy_protocol_timeout}); absent: 30 s
 */
public record ProxyProtocol(boolean accept, List<IpPrefix> trusted, Optional<ProxyProtocolVersion> send,
    Optional<Duration> timeout) {

  public static final ProxyProtocol NONE = new ProxyProtocol(false, List.of(), Optional.empty());

  /** nginx's {@code proxy_protocol_timeout} default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** PROXY protocol with nginx's header timeout. */
  public ProxyProtocol(boolean accept, List<IpPrefix> trusted, Optional<ProxyProtocolVersion> send) {
    this(accept, trusted, send, Optional.empty());
  }

  public ProxyProtocol {
    trusted = Lists.copy(trusted);
    send = send == null ? Optional.empty() : send;
    timeout = timeout == null ? Optional.empty() : timeout;
  }

  /** How long an accepting listener waits for the header before closing. */
  public Duration effectiveTimeout() {
    return timeout.orElse(DEFAULT_TIMEOUT);
  }

  /** The peers trusted to send a header: {@code trusted}, or loopback when none is named. */
  public List<IpPrefix> effectiveTrusted() {
    return trusted.isEmpty()
        ? List.of(IpPrefix.parse("127.0.0.0/8"), IpPrefix.parse("::1/128"))
        : trusted;
  }
}
