package dev.tproxy.model;

import java.util.List;

/**
 * Terminating TLS and forwarding the plain stream (nginx {@code listen ... ssl}).
 *
 * @param certificates chosen by the SNI the client sends; the entry without server names is the
 *     default, else the first entry
 * @param protocols empty: TLSv1.2 and TLSv1.3
 * @param ciphers OpenSSL names of TLS 1.2 suites; empty: {@link CipherSuites#DEFAULT}
 */
public record TlsTerminate(
    List<CertificateEntry> certificates,
    List<TlsProtocol> protocols,
    List<String> ciphers,
    TlsSession session,
    ClientAuth clientAuth,
    Target target)
    implements Stage {

  public static final List<TlsProtocol> DEFAULT_PROTOCOLS =
      List.of(TlsProtocol.TLS_1_2, TlsProtocol.TLS_1_3);

  public TlsTerminate {
    certificates = Lists.copy(certificates);
    protocols = Lists.copy(protocols);
    ciphers = Lists.copy(ciphers);
    session = session == null ? TlsSession.DEFAULT : session;
    clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
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
