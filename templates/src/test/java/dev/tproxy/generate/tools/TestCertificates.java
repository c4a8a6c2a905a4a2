package dev.tproxy.generate.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Certificates made with the openssl command line, so that nginx and stunnel can load the files
 * a generated configuration names: a CA, a server certificate signed by it, and copies of them
 * at whatever paths a topology uses. Keys are written 0600.
 */
public final class TestCertificates {
  private final Path dir;
  private final String openssl;

  public TestCertificates(Path dir) {
    this.dir = dir;
    this.openssl = Tools.require("openssl", "openssl").toString();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ecKey("ca.key");
    Tools.runOk(List.of(openssl, "req", "-x509", "-new", "-key", path("ca.key"), "-out", path("ca.pem"),
        "-days", "2", "-subj", "/CN=tproxy test CA"));
    ecKey("server.key");
    Tools.runOk(List.of(openssl, "req", "-new", "-key", path("server.key"), "-out", path("server.csr"),
        "-subj", "/CN=t2.yourdomain.top"));
    write("server.ext", "subjectAltName=DNS:t2.yourdomain.top,DNS:cryptic.foo.notexist,DNS:demo.test\n");
    Tools.runOk(List.of(openssl, "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"),
        "-CAkey", path("ca.key"), "-CAcreateserial", "-out", path("server.pem"), "-days", "2",
        "-extfile", path("server.ext")));
    Tools.runOk(List.of(openssl, "pkey", "-in", path("server.key"), "-aes256", "-passout", "pass:tproxy-test",
        "-out", path("server-encrypted.key")));
    restrict(dir.resolve("server-encrypted.key"));
    write("password", "tproxy-test\n");
  }

  public Path ca() {
    return dir.resolve("ca.pem");
  }

  public Path certificate() {
    return dir.resolve("server.pem");
  }

  public Path key() {
    return dir.resolve("server.key");
  }

  public Path encryptedKey() {
    return dir.resolve("server-encrypted.key");
  }

  public Path passwordFile() {
    return dir.resolve("password");
  }

  /** Puts the server certificate at {@code target}, creating directories. */
  public void installCertificate(Path target) {
    copy(certificate(), target, "rw-r--r--");
  }

  /** Puts the server key at {@code target}, 0600. */
  public void installKey(Path target) {
    copy(key(), target, "rw-------");
  }

  /** Puts the CA certificate at {@code target}. */
  public void installCa(Path target) {
    copy(ca(), target, "rw-r--r--");
  }

  private static void copy(Path source, Path target, String permissions) {
    try {
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(permissions));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void ecKey(String name) {
    Tools.runOk(List.of(openssl, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-out", path(name)));
    restrict(dir.resolve(name));
  }

  private static void restrict(Path key) {
    try {
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String name, String content) {
    try {
      Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }
}
