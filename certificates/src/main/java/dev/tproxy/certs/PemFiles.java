package dev.tproxy.certs;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMDecryptorProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes PEM files: certificate chains, and private keys in every form OpenSSL and
 * Let's Encrypt produce (PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY",
 * encrypted PKCS#8 and OpenSSL's legacy encrypted PEM). Private keys are written 0600 from the
 * first byte (never readable by others, not even briefly) and never over an existing file unless
 * asked.
 */
public final class PemFiles {

  /** What to do when the target file exists. */
  public enum Existing {
    /** Refuse with {@link FileAlreadyExistsException}. */
    REFUSE,
    /** Replace it (atomically). */
    OVERWRITE
  }

  private static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-r--r--");

  private PemFiles() {}

  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      Object o;
      while ((o = p.readObject()) != null) {
        if (o instanceof X509CertificateHolder h) {
          out.add(converter.getCertificate(h));
        }
      }
    } catch (CertificateException | PEMException | IllegalArgumentException e) {
      throw new PemContentException(file + " does not hold valid PEM certificates: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new PemContentException(file + " holds no certificate (expected -----BEGIN CERTIFICATE-----)");
    }
    return out;
  }

  /** The private key in {@code file}; {@code passphrase} is asked only for encrypted keys. */
  public static PrivateKey readPrivateKey(Path file, PassphraseSource passphrase) throws IOException {
    Object o;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      do {
        o = p.readObject();
      } while (o != null && !isKey(o));
    } catch (PEMException | IllegalArgumentException e) {
      throw new PemContentException(file + " does not hold a valid PEM key: " + e.getMessage(), e);
    }
    if (o == null) {
      throw new PemContentException(file + " holds no private key (expected -----BEGIN ... PRIVATE KEY-----)");
    }
    // Keys are built by the JDK's key factories ("EC"/"RSA" keys that JSSE and Netty take);
    // BouncyCastle's provider only decrypts, and is passed as an instance because registering
    // it globally would be static state.
    Provider bc = new BouncyCastleProvider();
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair pair) {
        // SEC1 keys may leave out the public key; the private part is all we need.
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      char[] secret = passphrase.passphrase();
      if (secret == null) {
        throw new PemContentException(file + " is encrypted and no passphrase was given");
      }
      if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
        InputDecryptorProvider d = new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bc).build(secret);
        return converter.getPrivateKey(enc.decryptPrivateKeyInfo(d));
      }
      PEMDecryptorProvider d = new JcePEMDecryptorProviderBuilder().setProvider(bc).build(secret);
      return converter.getPrivateKey(((PEMEncryptedKeyPair) o).decryptKeyPair(d).getPrivateKeyInfo());
    } catch (PKCSException | PEMException e) {
      throw new PemContentException("cannot decrypt " + file + " (wrong passphrase?): " + e.getMessage(), e);
    } catch (OperatorCreationException e) {
      throw new PemContentException("cannot decrypt " + file + ": " + e.getMessage(), e);
    }
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

  private static boolean isKey(Object o) {
    return o instanceof PrivateKeyInfo || o instanceof PEMKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo
        || o instanceof PEMEncryptedKeyPair;
  }

  /** Writes a chain (leaf first) as PEM, mode 0644. */
  public static void writeCertificates(Path file, List<X509Certificate> chain, Existing existing) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      for (X509Certificate c : chain) {
        w.writeObject(c);
      }
    }
    write(file, sw.toString(), CERT_MODE, existing);
  }

  /** Writes a private key as unencrypted PKCS#8 PEM, mode 0600. */
  public static void writePrivateKey(Path file, PrivateKey key, Existing existing) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      // The PKCS#8 generator keeps "BEGIN PRIVATE KEY" for every key type (writing the
      // PrivateKeyInfo directly would turn EC keys into SEC1 without their public part).
      w.writeObject(new JcaPKCS8Generator(key, null));
    }
    write(file, sw.toString(), KEY_MODE, existing);
  }

  /** The chain and the key of {@code issued}, key first so a failure never leaves a lone certificate. */
  public static void write(IssuedCertificate issued, Path certificate, Path key, Existing existing) throws IOException {
    writePrivateKey(key, issued.privateKey(), existing);
    writeCertificates(certificate, issued.chain(), existing);
  }

  /**
   * Writes to a temporary file created with {@code mode} in the same directory, then moves it into
   * place, so readers see the old file or the whole new one and a key is never world-readable.
   */
  private static void write(Path file, String content, Set<PosixFilePermission> mode, Existing existing) throws IOException {
    Path target = file.toAbsolutePath();
    if (existing == Existing.REFUSE && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null, "exists; not overwritten unless asked");
    }
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(mode));
    try {
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(tmp, mode); // createTempFile's mode is filtered by the umask
      if (existing == Existing.REFUSE) {
        // A link fails when the target appeared meanwhile: no race between the check and the move.
        Files.createLink(target, tmp);
      } else {
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A certificate as PEM text. */
  public static String toPem(X509Certificate certificate) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(certificate);
    }
    return sw.toString();
  }
}
