package dev.tproxy.pem;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads PEM certificate chains and private keys in every form OpenSSL and Let's Encrypt produce:
 * PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY},
 * encrypted PKCS#8 and OpenSSL's legacy encrypted PEM. The JDK does the work; BouncyCastle, when
 * present, only decrypts the rare encryptions the JDK lacks. Every error names the file.
 */
public final class PemReader {
  /** The labels OpenSSL writes certificates under. */
  private static final Set<String> CERTIFICATE_LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE");

  private PemReader() {}

  /** The certificates of {@code file} in file order; other blocks (a key, parameters) are skipped. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
    }
    List<X509Certificate> out = new ArrayList<>();
    for (PemBlock block : PemBlocks.read(file)) {
      if (CERTIFICATE_LABELS.contains(block.label())) {
        try {
          out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.content())));
        } catch (CertificateException e) {
          throw new PemContentException(file + " does not hold valid PEM certificates: the block of line " + block.line()
              + ": " + e.getMessage(), e);
        }
      }
    }
    if (out.isEmpty()) {
      throw new PemContentException(file + " holds no certificate (expected -----BEGIN CERTIFICATE-----)");
    }
    return out;
  }

  /** The first private key in {@code file}; {@code passphrase} is asked only for encrypted keys. */
  public static PrivateKey readPrivateKey(Path file, PassphraseSource passphrase) throws IOException {
    for (PemBlock block : PemBlocks.read(file)) {
      if (PrivateKeyDecoder.isKey(block)) {
        return PrivateKeyDecoder.decode(block, file, passphrase);
      }
    }
    throw new PemContentException(file + " holds no private key (expected -----BEGIN ... PRIVATE KEY-----)");
  }

  /**
   * A certificate chain and its private key, as a TLS server loads them (nginx's {@code
   * ssl_certificate} and {@code ssl_certificate_key}): fails when the key is not the leaf's, which
   * is also what a reader sees between the two symlink swaps of a certificate renewal.
   */
  public static IssuedCertificate readKeyPair(Path certificate, Path key, PassphraseSource passphrase) throws IOException {
    List<X509Certificate> chain = readCertificates(certificate);
    PrivateKey privateKey = readPrivateKey(key, passphrase);
    if (!KeyMatcher.matches(chain.get(0).getPublicKey(), privateKey)) {
      throw new PemContentException(key + " is not the key of the first certificate in " + certificate);
    }
    return new IssuedCertificate(privateKey, chain);
  }
}
