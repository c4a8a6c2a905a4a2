package dev.tproxy.certs;

import dev.tproxy.pem.IssuedCertificate;
import dev.tproxy.pem.PemReader;
import java.io.IOException;
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
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Writes PEM files: certificate chains, and private keys as unencrypted PKCS#8. Private keys are
 * written 0600 from the first byte (never readable by others, not even briefly) and never over an
 * existing file unless asked. Reading is {@link PemReader}'s, which needs no
 * BouncyCastle and so is the runtime's too.
 */
public final class PemWriter {

  /** What to do when the target file exists. */
  public enum Existing {
    /** Refuse with {@link FileAlreadyExistsException}. */
    REFUSE,
    /** Replace it (atomically). */
    OVERWRITE
  }

  private static final Set<PosixFilePermission> KEY_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> CERT_MODE = PosixFilePermissions.fromString("rw-r--r--");

  private PemWriter() {}

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
