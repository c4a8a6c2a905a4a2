package dev.tproxy.runtime.internal.terminate;

import dev.tproxy.runtime.internal.route.HostnameMap;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses the certificate by the server name the client asks for, as nginx does with {@code
 * ssl_certificate} taken from a {@code map $ssl_server_name} with {@code hostnames}: an exact
 * name, then the longest {@code *.} wildcard, else the default entry. Both TLS providers ask it
 * during the handshake, when the ClientHello's SNI is known (the JDK once per key type a suite
 * could use; OpenSSL once per key type it can take, in its certificate callback).
 */
final class SniKeyManager extends X509ExtendedKeyManager {
  private final List<TlsCredentials.Entry> entries;
  private final HostnameMap<String> byName = new HostnameMap<>();
  private final String defaultAlias;

  SniKeyManager(TlsCredentials credentials) {
    this.entries = credentials.entries();
    for (int i = 0; i < entries.size(); i++) {
      for (String name : entries.get(i).serverNames()) {
        byName.put(name, alias(i));
      }
    }
    this.defaultAlias = alias(credentials.defaultIndex());
  }

  private static String alias(int index) {
    return "certificate-" + index;
  }

  private TlsCredentials.Entry entry(String alias) {
    if (alias == null || !alias.startsWith("certificate-")) {
      return null;
    }
    try {
      int i = Integer.parseInt(alias.substring("certificate-".length()));
      return i >= 0 && i < entries.size() ? entries.get(i) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The alias for a requested server name (null: none sent). */
  String aliasFor(String serverName) {
    if (serverName == null) {
      return defaultAlias;
    }
    return byName.find(serverName).map(HostnameMap.Match::value).orElse(defaultAlias);
  }

  static String requestedServerName(SSLSession handshake) {
    if (handshake instanceof ExtendedSSLSession extended) {
      for (SNIServerName n : extended.getRequestedServerNames()) {
        if (n instanceof SNIHostName host) {
          return host.getAsciiName().toLowerCase(Locale.ROOT);
        }
      }
    }
    return null;
  }

  /**
   * Whether the entry's key can serve {@code keyType}: the JDK asks "EC" or "RSA" (or
   * "RSASSA-PSS", which needs a PSS key), OpenSSL also "EC_EC" and "EC_RSA".
   */
  private boolean fits(String alias, String keyType) {
    TlsCredentials.Entry e = entry(alias);
    if (e == null) {
      return false;
    }
    String algorithm = e.pair().privateKey().getAlgorithm();
    return keyType == null || keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    String alias = aliasFor(engine == null ? null : requestedServerName(engine.getHandshakeSession()));
    return fits(alias, keyType) ? alias : null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return fits(defaultAlias, keyType) ? defaultAlias : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (fits(alias(i), keyType)) {
        out.add(alias(i));
      }
    }
    return out.isEmpty() ? null : out.toArray(String[]::new);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    TlsCredentials.Entry e = entry(alias);
    return e == null ? null : e.pair().chain().toArray(X509Certificate[]::new);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    TlsCredentials.Entry e = entry(alias);
    return e == null ? null : e.pair().privateKey();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }
}
