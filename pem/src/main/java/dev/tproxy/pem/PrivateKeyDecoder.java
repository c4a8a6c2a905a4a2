package dev.tproxy.pem;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * A private key block of a PEM file as a JDK key, decrypted when it is encrypted. Every encoding
 * ends as PKCS#8 for the JDK's key factories; the passphrase is asked for only when needed and
 * wiped after use.
 */
final class PrivateKeyDecoder {
  /** The key types a TLS server here uses; {@link KeyMatcher} checks these two. */
  private static final List<String> ALGORITHMS = List.of("RSA", "EC");

  private PrivateKeyDecoder() {}

  static boolean isKey(PemBlock block) {
    return block.label().endsWith("PRIVATE KEY");
  }

  static PrivateKey decode(PemBlock block, Path file, PassphraseSource passphrase) throws IOException {
    switch (block.label()) {
      case "PRIVATE KEY" -> {
        return parse(block.content(), file, false);
      }
      case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
        boolean encrypted = LegacyPemEncryption.isEncrypted(block);
        byte[] traditional = encrypted ? decryptLegacy(block, file, passphrase) : block.content();
        try {
          byte[] pkcs8 = block.label().startsWith("RSA")
              ? TraditionalKeys.rsaToPkcs8(traditional)
              : TraditionalKeys.ecToPkcs8(traditional);
          return parse(pkcs8, file, encrypted);
        } catch (IllegalArgumentException e) {
          throw invalid(file, encrypted, e);
        }
      }
      case "ENCRYPTED PRIVATE KEY" -> {
        return parse(decryptPkcs8(block, file, passphrase), file, true);
      }
      default -> throw new PemContentException(file + " holds a key of type \"" + block.label()
          + "\"; tproxy reads RSA and EC keys (PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY, ENCRYPTED PRIVATE KEY)");
    }
  }

  private static byte[] decryptLegacy(PemBlock block, Path file, PassphraseSource passphrase) throws IOException {
    LegacyPemEncryption.DekInfo dek;
    try {
      dek = LegacyPemEncryption.dekInfo(block);
    } catch (IllegalArgumentException e) {
      throw new PemContentException(file + " does not hold a valid PEM key: " + e.getMessage(), e);
    }
    char[] secret = secret(file, passphrase);
    try {
      try {
        return LegacyPemEncryption.decrypt(dek, block.content(), secret);
      } catch (JdkUnsupportedEncryption e) {
        return BouncyCastleFallback.decryptLegacy(file, dek, block.content(), secret, e);
      }
    } catch (GeneralSecurityException e) {
      throw cannotDecrypt(file, e);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  private static byte[] decryptPkcs8(PemBlock block, Path file, PassphraseSource passphrase) throws IOException {
    char[] secret = secret(file, passphrase);
    try {
      try {
        return EncryptedPkcs8.decrypt(block.content(), secret);
      } catch (JdkUnsupportedEncryption e) {
        return BouncyCastleFallback.decryptPkcs8(file, block.content(), secret, e);
      }
    } catch (GeneralSecurityException e) {
      throw cannotDecrypt(file, e);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  private static char[] secret(Path file, PassphraseSource passphrase) throws IOException {
    char[] secret = passphrase.passphrase();
    if (secret == null) {
      throw new PemContentException(file + " is encrypted and no passphrase was given");
    }
    return secret;
  }

  private static PemContentException cannotDecrypt(Path file, GeneralSecurityException e) {
    if (e instanceof NoSuchAlgorithmException) {
      return new PemContentException("cannot decrypt " + file + ": " + e.getMessage(), e);
    }
    return new PemContentException("cannot decrypt " + file + " (wrong passphrase?): " + e.getMessage(), e);
  }

  /**
   * What a key that does not parse tells: after decryption, most likely a wrong passphrase (a
   * wrong key passes the padding check once in 256 and yields garbage).
   */
  private static PemContentException invalid(Path file, boolean decrypted, Exception e) {
    return decrypted
        ? new PemContentException("cannot decrypt " + file + " (wrong passphrase?): " + e.getMessage(), e)
        : new PemContentException(file + " does not hold a valid PEM key: " + e.getMessage(), e);
  }

  /** The JDK key of a PKCS#8 PrivateKeyInfo; which factory fits is found by trying, as Netty does. */
  private static PrivateKey parse(byte[] pkcs8, Path file, boolean decrypted) throws PemContentException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
    InvalidKeySpecException last = null;
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException e) {
        last = e; // another algorithm's key, or not a key
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no " + algorithm + " key factory", e);
      }
    }
    if (decrypted) {
      throw invalid(file, true, last);
    }
    throw new PemContentException(file + " does not hold an RSA or EC private key the JDK can read: " + last.getMessage(), last);
  }
}
