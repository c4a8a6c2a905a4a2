package dev.tproxy.model;

import java.time.Duration;
import java.util.Optional;
import java.util.List;

/**
 * Terminating TLS and forwarding the plain stream (nginx {@code listen ... ssl}).
 *
 * @param certificates chosen by the SNI the client sends; the entry without server names is the
 *     default, else the first entry
 * @param protocols empty: TLSv1.2 and TLSv1.3
 * @param ciphers OpenSSL names of TLS 1.2 suites; empty: {@link CipherSuites#DEFAULT}
 * @param handshakeTimeout how long a client may take over its handshake (nginx {@code
 *     ssl_handshake_timeout}); absent: 60 s
 */
public record TlsTerminate(
    List<CertificateEntry> certificates,
    List<TlsProtocol> protocols,
    List<String> ciphers,
    TlsSession session,
    ClientAuth clientAuth,
    Optional<Duration> handshakeTimeout,
    Target target)
    implements Stage {

  /** nginx's {@code ssl_handshake_timeout} default. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

  /** A stage with nginx's handshake timeout. */
  public TlsTerminate(List<CertificateEntry> certificates, List<TlsProtocol> protocols, List<String> ciphers,
      TlsSession session, ClientAuth clientAuth, Target target) {
    this(certificates, protocols, ciphers, session, clientAuth, Optional.empty(), target);
  }

  public static final List<TlsProtocol> DEFAULT_PROTOCOLS =
      List.of(TlsProtocol.TLS_1_2, TlsProtocol.TLS_1_3);

  public TlsTerminate {
    certificates = Lists.copy(certificates);
    protocols = Lists.copy(protocols);
    ciphers = Lists.copy(ciphers);
    session = session == null ? TlsSession.DEFAULT : session;
    clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
    handshakeTimeout = handshakeTimeout == null ? Optional.empty() : handshakeTimeout;
  }

  public Duration effectiveHandshakeTimeout() {
    return handshakeTimeout.orElse(DEFAULT_HANDSHAKE_TIMEOUT);
  }

  @Override
  public StageKind kind() {
    return StageKind.TLS_TERMINATE;
  }

  @Override
  public List<Target> targets() {
    return target == null ? List.of() : List.of(target);
  }

  public List<TlsProtocol> effectiveProtocols() {
    return protocols.isEmpty() ? DEFAULT_PROTOCOLS : protocols;
  }

  public List<String> effectiveCiphers() {
    return ciphers.isEmpty() ? CipherSuites.DEFAULT : ciphers;
  }

  /** The certificate used when the client's SNI matches no entry (or is absent). */
  public CertificateEntry defaultCertificate() {
    return certificates.stream()
        .filter(CertificateEntry::isDefault)
        .findFirst()
        .orElse(certificates.isEmpty() ? null : certificates.get(0));
  }
}
