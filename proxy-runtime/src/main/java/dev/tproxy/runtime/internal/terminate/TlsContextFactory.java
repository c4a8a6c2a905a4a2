package dev.tproxy.runtime.internal.terminate;

import dev.tproxy.model.CipherSuites;
import dev.tproxy.model.TlsProtocol;
import dev.tproxy.model.TlsSession;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.TproxyStartException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Makes the server {@link SslContext} of a tls-terminate stage from its settings and the
 * credentials read from its files: the certificate chosen by SNI ({@link SniKeyManager}), the
 * protocols, the TLS 1.2 suites (OpenSSL names mapped to the IANA names both providers take) with
 * the TLS 1.3 suites OpenSSL enables by default (nginx's {@code ssl_ciphers} leaves those alone),
 * the session cache (nginx counts about 4000 sessions per megabyte) and client-certificate
 * requests.
 */
final class TlsContextFactory {
  /** OpenSSL 3's default TLS 1.3 suites, in its order. */
  static final List<String> TLS13_SUITES =
      List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");

  /** nginx: "one megabyte of the cache contains about 4000 sessions". */
  static final long SESSIONS_PER_MEGABYTE = 4000;

  private TlsContextFactory() {}

  static void checkAvailable(TlsProvider provider) {
    if (provider == TlsProvider.OPENSSL && !OpenSsl.isAvailable()) {
      throw new TproxyStartException("the OpenSSL TLS provider was asked for, but netty-tcnative is not usable here ("
          + OpenSsl.unavailabilityCause() + "); add io.netty:netty-tcnative-boringssl-static with this platform's"
          + " classifier, or use the JDK provider", OpenSsl.unavailabilityCause());
    }
  }

  static SslContext create(TlsTerminate stage, TlsCredentials credentials, ClientCertificateCheck clients,
      TlsProvider provider) throws SSLException {
    List<String> protocols = stage.effectiveProtocols().stream().map(TlsProtocol::jdkName).toList();
    List<String> suites = new ArrayList<>();
    for (String openssl : stage.effectiveCiphers()) {
      suites.add(CipherSuites.ianaName(openssl).orElseThrow(
          () -> new IllegalStateException("validation lets only known ciphers through, not " + openssl)));
    }
    if (stage.effectiveProtocols().contains(TlsProtocol.TLS_1_3)) {
      suites.addAll(TLS13_SUITES);
    }
    TlsSession session = stage.session();
    SslContextBuilder b = SslContextBuilder.forServer(new SniKeyManager(credentials))
        .sslProvider(provider == TlsProvider.OPENSSL ? SslProvider.OPENSSL : SslProvider.JDK)
        .protocols(protocols)
        .ciphers(suites)
        .sessionCacheSize(Math.max(1, session.cacheSize() * SESSIONS_PER_MEGABYTE / (1 << 20)))
        .sessionTimeout(session.timeout().toSeconds());
    if (clients.asksForCertificates()) {
      // OPTIONAL at the TLS layer whatever the mode: the check after the handshake decides, as nginx does.
      b.clientAuth(ClientAuth.OPTIONAL).trustManager(clients.handshakeTrustManager());
    }
    SslContext context = b.build();
    if (context.sessionContext() instanceof OpenSslSessionContext openssl) {
      // Netty turns OpenSSL's tickets off (SSL_OP_NO_TICKET) until keys are set.
      if (session.tickets()) {
        openssl.setTicketKeys(randomTicketKey());
      }
      openssl.setSessionCacheEnabled(session.cacheSize() > 0);
    }
    return context;
  }

  private static OpenSslSessionTicketKey randomTicketKey() {
    SecureRandom random = new SecureRandom();
    byte[] name = new byte[OpenSslSessionTicketKey.NAME_SIZE];
    byte[] hmac = new byte[OpenSslSessionTicketKey.HMAC_KEY_SIZE];
    byte[] aes = new byte[OpenSslSessionTicketKey.AES_KEY_SIZE];
    random.nextBytes(name);
    random.nextBytes(hmac);
    random.nextBytes(aes);
    return new OpenSslSessionTicketKey(name, hmac, aes);
  }

  static ClientCertificateCheck clientCheck(TlsTerminate stage, TlsCredentials credentials) {
    try {
      return ClientCertificateCheck.of(stage.clientAuth().verify(), credentials.clientCas());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the client-certificate check: " + e.getMessage(), e);
    }
  }
}
