package dev.tproxy.certs;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Whether a private key belongs to a public key: sign a challenge and verify it. */
final class KeyMatcher {
  private KeyMatcher() {}

  static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    try {
      String alg = KeyAlgorithm.signatureAlgorithmFor(privateKey);
      byte[] challenge = "tproxy key match".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(privateKey);
      s.update(challenge);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(publicKey);
      v.update(challenge);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
