package dev.tproxy.runtime.testing;

import dev.tproxy.certs.CertificateAuthority;
import dev.tproxy.certs.CertificateSpec;
import dev.tproxy.certs.KeyAlgorithm;
import dev.tproxy.certs.PemWriter;
import dev.tproxy.pem.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for tests, made with the project's own toolkit: a development CA and, in a
 * directory of the test's, server certificates for any names (PKCS#8 keys, 0600) and client
 * certificates it signs. For keys in other encodings (PKCS#1, SEC1, encrypted) it drives the
 * OpenSSL command line with the same CA ({@link #serverCertificateWithOpensslKey}).
 */
public final class TestPki {
  /** A certificate (chain) file and its key file. */
  public record Pair(Path certificate, Path key) {}

  private final Path dir;
  private final CertificateAuthority ca;
  private final Path caFile;
  private final Path caKeyFile;

  private TestPki(Path dir, CertificateAuthority ca) throws IOException {
    this.dir = dir;
    this.ca = ca;
    this.caFile = dir.resolve("ca.pem");
    this.caKeyFile = dir.resolve("ca.key");
    PemWriter.writeCertificates(caFile, List.of(ca.certificate()), PemWriter.Existing.OVERWRITE);
    PemWriter.writePrivateKey(caKeyFile, ca.privateKey(), PemWriter.Existing.OVERWRITE);
  }

  /** A new CA named {@code name}, its certificate in {@code dir/ca.pem}. */
  public static TestPki create(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      return new TestPki(dir, CertificateAuthority.create(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path caFile() {
    return caFile;
  }

  public Path dir() {
    return dir;
  }

  /** A server certificate for {@code names} (the first is also the CN), written as {@code file}.pem/.key. */
  public Pair server(String file, KeyAlgorithm algorithm, String... names) {
    return write(file, ca.issueServer(CertificateSpec.server(names).withKeyAlgorithm(algorithm)));
  }

  public Pair server(String file, String... names) {
    return server(file, KeyAlgorithm.EC_P256, names);
  }

  /** A client certificate with CN {@code commonName}. */
  public Pair client(String file, String commonName) {
    return write(file, ca.issueClient(CertificateSpec.client(commonName)));
  }

  /** Writes {@code issued} to {@code file}.pem and {@code file}.key, replacing what is there. */
  public Pair write(String file, IssuedCertificate issued) {
    Pair p = new Pair(dir.resolve(file + ".pem"), dir.resolve(file + ".key"));
    try {
      PemWriter.write(issued, p.certificate(), p.key(), PemWriter.Existing.OVERWRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** The issued certificate itself, for writing elsewhere (e.g. a Let's Encrypt-like archive). */
  public IssuedCertificate issueServer(String... names) {
    return ca.issueServer(CertificateSpec.server(names));
  }

  /**
   * A server certificate for {@code name} whose key OpenSSL generated with {@code genCommand}
   * (writing {@code key.pem}, e.g. {@code genrsa -traditional -aes256 -passout pass:x -out key.pem 2048}),
   * signed by this CA; {@code passphrase} opens the key if it is encrypted ("" if not).
   */
  public Pair serverCertificateWithOpensslKey(String file, String name, String genCommand, String passphrase) {
    Path work = dir.resolve(file + ".d");
    try {
      Files.createDirectories(work);
      List<String> gen = new ArrayList<>(List.of("openssl"));
      gen.addAll(List.of(genCommand.trim().split("\\s+")));
      run(work, gen);
      List<String> req = new ArrayList<>(List.of("openssl", "req", "-new", "-key", "key.pem", "-subj", "/CN=" + name,
          "-addext", "subjectAltName=DNS:" + name, "-out", "req.csr"));
      if (!passphrase.isEmpty()) {
        req.addAll(List.of("-passin", "pass:" + passphrase));
      }
      run(work, req);
      run(work, List.of("openssl", "x509", "-req", "-in", "req.csr", "-CA", caFile.toString(), "-CAkey",
          caKeyFile.toString(), "-CAcreateserial", "-days", "2", "-copy_extensions", "copy", "-out", "cert.pem"));
      Pair p = new Pair(dir.resolve(file + ".pem"), dir.resolve(file + ".key"));
      Files.move(work.resolve("cert.pem"), p.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.move(work.resolve("key.pem"), p.key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code passphrase} and a newline to {@code file} (nginx's ssl_password_file reads the first line). */
  public Path passwordFile(String file, String passphrase) {
    try {
      return Files.writeString(dir.resolve(file), passphrase + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void run(Path dir, List<String> command) {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + " (is openssl installed? scripts/install-debian-packages.sh): "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
