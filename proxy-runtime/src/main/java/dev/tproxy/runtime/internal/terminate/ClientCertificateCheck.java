package dev.tproxy.runtime.internal.terminate;

import dev.tproxy.model.VerifyMode;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Client-certificate verification as nginx does it ({@code ssl_verify_client on|optional} with
 * {@code ssl_client_certificate}): the handshake asks for a certificate, naming the CAs, and takes
 * whatever the client presents (the TLS stack still checks that the client holds its key); once
 * the handshake is done, before a byte is relayed, the certificate is checked: required for
 * {@code on}, checked if present for {@code optional}, chained by PKIX (validity, signatures,
 * clientAuth usage) to a CA of the file and, like nginx's default {@code ssl_verify_depth 1},
 * signed directly by one of them. A connection that fails is closed and its session invalidated.
 * Checking every handshake, resumed ones included, means a session can never carry a rejected
 * certificate past the check.
 */
final class ClientCertificateCheck {
  private final VerifyMode mode;
  private final List<X509Certificate> cas;
  private final X509TrustManager pkix;

  private ClientCertificateCheck(VerifyMode mode, List<X509Certificate> cas, X509TrustManager pkix) {
    this.mode = mode;
    this.cas = List.copyOf(cas);
    this.pkix = pkix;
  }

  static ClientCertificateCheck of(VerifyMode mode, List<X509Certificate> cas) throws GeneralSecurityException {
    if (mode == VerifyMode.OFF) {
      return new ClientCertificateCheck(mode, List.of(), null);
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    for (int i = 0; i < cas.size(); i++) {
      store.setCertificateEntry("ca-" + i, cas.get(i));
    }
    TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
    f.init(store);
    X509TrustManager tm = Arrays.stream(f.getTrustManagers()).filter(X509TrustManager.class::isInstance)
        .map(X509TrustManager.class::cast).findFirst()
        .orElseThrow(() -> new GeneralSecurityException("no X509TrustManager from PKIX"));
    return new ClientCertificateCheck(mode, cas, tm);
  }

  boolean asksForCertificates() {
    return mode != VerifyMode.OFF;
  }

  /** What the handshake uses: it names the CAs and lets every certificate through to {@link #check}. */
  TrustManager handshakeTrustManager() {
    return new Advertising(cas.toArray(X509Certificate[]::new));
  }

  /** Empty when the connection may go on; else why not. */
  Optional<String> check(SSLSession session) {
    if (mode == VerifyMode.OFF) {
      return Optional.empty();
    }
    Certificate[] presented;
    try {
      presented = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      presented = new Certificate[0];
    }
    if (presented.length == 0) {
      return mode == VerifyMode.ON ? Optional.of("client sent no certificate, one is required") : Optional.empty();
    }
    X509Certificate[] chain = Arrays.stream(presented).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    try {
      pkix.checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
    } catch (CertificateException | RuntimeException e) {
      return Optional.of("client certificate " + chain[0].getSubjectX500Principal().getName() + " not trusted: " + e.getMessage());
    }
    boolean direct = cas.stream().anyMatch(ca -> ca.getSubjectX500Principal().equals(chain[0].getIssuerX500Principal()));
    if (!direct) {
      return Optional.of("client certificate " + chain[0].getSubjectX500Principal().getName()
          + " is not signed directly by a CA of the file (verify depth 1, as nginx's default)");
    }
    return Optional.empty();
  }

  /** Accepts at the TLS layer; {@link ClientCertificateCheck#check} decides after the handshake. */
  private static final class Advertising extends X509ExtendedTrustManager {
    private final X509Certificate[] issuers;

    Advertising(X509Certificate[] issuers) {
      this.issuers = issuers;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      // decided after the handshake
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      // decided after the handshake
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // decided after the handshake
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("a TLS terminator does not verify servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      throw new CertificateException("a TLS terminator does not verify servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("a TLS terminator does not verify servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return issuers.clone();
    }
  }
}
