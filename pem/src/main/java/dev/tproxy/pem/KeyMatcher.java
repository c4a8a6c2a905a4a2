package dev.tproxy.pem;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Whether a private key belongs to a public key: sign a challenge and verify it. */
public final class KeyMatcher {
  private KeyMatcher() {}

  public static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
    try {
      String alg = signatureAlgorithmFor(privateKey);
      byte[] challenge = "tproxy key match".getBytes(StandardCharsets.US_ASCII);
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

  /** The JCA signature algorithm that signs with {@code key}: ECDSA for EC keys, else RSA. */
  public static String signatureAlgorithmFor(PrivateKey key) {
    String alg = key.getAlgorithm();
    return "EC".equals(alg) || "ECDSA".equals(alg) ? "SHA256withECDSA" : "SHA256withRSA";
  }
}
