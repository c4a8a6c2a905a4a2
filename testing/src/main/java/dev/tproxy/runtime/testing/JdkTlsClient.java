package dev.tproxy.runtime.testing;

import dev.tproxy.pem.PemReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** A JDK TLS client that trusts one test CA and sends a server name: for long-lived connections in tests. */
public final class JdkTlsClient {
  private JdkTlsClient() {}

  /** A connected socket whose handshake is done, verified against {@code ca}, with SNI {@code serverName}. */
  public static SSLSocket connect(InetSocketAddress address, Path ca, String serverName) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      List<X509Certificate> cas = PemReader.readCertificates(ca);
      for (int i = 0; i < cas.size(); i++) {
        trust.setCertificateEntry("ca" + i, cas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName(serverName)));
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      s.setSoTimeout(10_000);
      s.connect(address, 5000);
      s.startHandshake();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The certificate the server presented. */
  public static X509Certificate serverCertificate(SSLSocket s) {
    try {
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    }
  }
}
