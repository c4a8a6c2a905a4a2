package dev.tproxy.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** Key types for generated certificates. EC P-256 is the default: small and fast to handshake. */
public enum KeyAlgorithm {
  EC_P256("SHA256withECDSA"),
  RSA_2048("SHA256withRSA"),
  RSA_3072("SHA256withRSA");

  private final String signatureAlgorithm;

  KeyAlgorithm(String signatureAlgorithm) {
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /** The JCA signature algorithm a key of this type signs certificates with. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  public KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator g;
      switch (this) {
        case EC_P256 -> {
          g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec("secp256r1"), random);
        }
        case RSA_2048 -> {
          g = KeyPairGenerator.getInstance("RSA");
          g.initialize(2048, random);
        }
        default -> {
          g = KeyPairGenerator.getInstance("RSA");
          g.initialize(3072, random);
        }
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate " + this + " keys", e);
    }
  }

  /** The algorithm matching an existing key, for signing with it (the one the key match uses). */
  static String signatureAlgorithmFor(java.security.PrivateKey key) {
    return dev.tproxy.pem.KeyMatcher.signatureAlgorithmFor(key);
  }
}
