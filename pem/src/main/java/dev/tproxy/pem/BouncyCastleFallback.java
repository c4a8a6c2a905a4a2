package dev.tproxy.pem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decrypts the keys whose encryption the JDK lacks with BouncyCastle, when the embedder put it on
 * the class path; otherwise fails with a message that names the file and the jar to add. The
 * runtime itself never needs BouncyCastle: the keys OpenSSL and the certificates module write by
 * default are the JDK's.
 */
final class BouncyCastleFallback {
  static final String ARTIFACT = "org.bouncycastle:bcpkix-jdk18on";
  private static final Logger log = LoggerFactory.getLogger(BouncyCastleFallback.class);
  /** One class of each jar the decryptor uses: bcpkix, and bcprov (which bcpkix depends on). */
  private static final String[] PROBES = {
      "org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder",
      "org.bouncycastle.jce.provider.BouncyCastleProvider"};

  private BouncyCastleFallback() {}

  static byte[] decryptPkcs8(Path file, byte[] der, char[] passphrase, JdkUnsupportedEncryption why)
      throws IOException, GeneralSecurityException {
    requirePresent(file, why);
    log.debug("decrypting {} with BouncyCastle: the JDK cannot ({})", file, why.scheme());
    return BouncyCastleDecryptor.decryptPkcs8(der, passphrase);
  }

  static byte[] decryptLegacy(Path file, LegacyPemEncryption.DekInfo dek, byte[] encrypted, char[] passphrase,
      JdkUnsupportedEncryption why) throws IOException, GeneralSecurityException {
    requirePresent(file, why);
    log.debug("decrypting {} with BouncyCastle: the JDK cannot ({})", file, why.scheme());
    return BouncyCastleDecryptor.decryptLegacy(dek, encrypted, passphrase);
  }

  private static void requirePresent(Path file, JdkUnsupportedEncryption why) throws PemContentException {
    ClassLoader loader = BouncyCastleFallback.class.getClassLoader();
    for (String probe : PROBES) {
      try {
        Class.forName(probe, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new PemContentException(file + " is encrypted in a way the JDK cannot decrypt (" + why.scheme()
            + "): add " + coordinates() + " to the class path (it brings bcprov-jdk18on and"
            + " bcutil-jdk18on), or re-encrypt the key with AES: openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + file
            + " -out " + file + ".aes", why);
      }
    }
  }

  /** The artifact with the version tproxy is built with, from a resource Maven filters. */
  static String coordinates() {
    Properties p = new Properties();
    try (InputStream in = BouncyCastleFallback.class.getResourceAsStream("bouncycastle.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      log.debug("cannot read bouncycastle.properties", e);
    }
    String version = p.getProperty("version");
    return version == null ? ARTIFACT : ARTIFACT + ":" + version;
  }
}
