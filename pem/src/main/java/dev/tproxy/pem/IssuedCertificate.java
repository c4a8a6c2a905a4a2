package dev.tproxy.pem;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its certificate chain, leaf first (what nginx calls fullchain.pem holds the
 * chain, privkey.pem the key).
 */
public record IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {
  public IssuedCertificate {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain has at least the leaf");
    }
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }
}
