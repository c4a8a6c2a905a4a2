package dev.tproxy.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.pem.IssuedCertificate;
import dev.tproxy.pem.KeyMatcher;
import dev.tproxy.pem.PassphraseSource;
import dev.tproxy.pem.PemContentException;
import dev.tproxy.pem.PemReader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

  @TempDir Path dir;

  @Test
  void issuesServerCertificatesForNamesNoDnsResolves() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA");
    IssuedCertificate server = ca.issueServer(
        CertificateSpec.server("cryptic.foo.notexist", "*.example.org").withIpAddresses(List.of("192.168.255.254", "::1")));
    PemWriter.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()), PemWriter.Existing.REFUSE);
    PemWriter.write(server, dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"), PemWriter.Existing.REFUSE);

    // The JDK's PKIX validation accepts the chain...
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(server.chain()), params);
    // ... and so does OpenSSL, for the server purpose, with the names in the SAN.
    assertThat(Openssl.run(dir, "verify", "-CAfile", "ca.pem", "-purpose", "sslserver", "fullchain.pem"))
        .contains("fullchain.pem: OK");
    assertThat(Openssl.run(dir, "x509", "-in", "fullchain.pem", "-noout", "-ext", "subjectAltName,extendedKeyUsage"))
        .contains("DNS:cryptic.foo.notexist", "DNS:*.example.org", "IP Address:192.168.255.254",
            "IP Address:0:0:0:0:0:0:0:1", "TLS Web Server Authentication");
    assertThat(Openssl.run(dir, "verify", "-CAfile", "ca.pem", "-verify_hostname", "cryptic.foo.notexist", "fullchain.pem"))
        .contains("OK");
    // The key on disk is the certificate's key.
    X509Certificate leaf = PemReader.readCertificates(dir.resolve("fullchain.pem")).get(0);
    assertThat(KeyMatcher.matches(leaf.getPublicKey(), PemReader.readPrivateKey(dir.resolve("privkey.pem"), PassphraseSource.none())))
        .isTrue();
  }

  @Test
  void issuesClientCertificatesForClientAuthentication() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA");
    IssuedCertificate client = ca.issueClient(CertificateSpec.client("laptop"));
    PemWriter.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()), PemWriter.Existing.REFUSE);
    PemWriter.write(client, dir.resolve("client.pem"), dir.resolve("client.key"), PemWriter.Existing.REFUSE);
    assertThat(Openssl.run(dir, "verify", "-CAfile", "ca.pem", "-purpose", "sslclient", "client.pem")).contains("OK");
    assertThat(Openssl.run(dir, "x509", "-in", "client.pem", "-noout", "-subject")).contains("CN = laptop");
  }

  @Test
  void keysAreWritten0600AndNeverOverwrittenUnlessAsked() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA");
    IssuedCertificate a = ca.issueServer(CertificateSpec.server("a.test"));
    IssuedCertificate b = ca.issueServer(CertificateSpec.server("b.test"));
    Path cert = dir.resolve("sub/a.pem");
    Path key = dir.resolve("sub/a.key");
    PemWriter.write(a, cert, key, PemWriter.Existing.REFUSE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert))).isEqualTo("rw-r--r--");

    byte[] before = Files.readAllBytes(key);
    assertThatThrownBy(() -> PemWriter.write(b, cert, key, PemWriter.Existing.REFUSE))
        .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("a.key");
    assertThat(Files.readAllBytes(key)).isEqualTo(before);
    try (var files = Files.list(dir.resolve("sub"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.pem", "a.key");
    }

    PemWriter.write(b, cert, key, PemWriter.Existing.OVERWRITE);
    assertThat(PemReader.readCertificates(cert).get(0).getSubjectX500Principal().getName()).isEqualTo("CN=b.test");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
  }

  @Test
  void aCaLoadsBackAndKeepsSigning() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA");
    PemWriter.writePrivateKey(dir.resolve("ca.key"), ca.privateKey(), PemWriter.Existing.REFUSE);
    PemWriter.writeCertificates(dir.resolve("ca.pem"), List.of(ca.certificate()), PemWriter.Existing.REFUSE);
    CertificateAuthority again = CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("ca.key"), PassphraseSource.none());
    IssuedCertificate leaf = again.issueServer(CertificateSpec.server("x.test"));
    leaf.leaf().verify(ca.certificate().getPublicKey());

    IssuedCertificate notCa = ca.issueServer(CertificateSpec.server("y.test"));
    PemWriter.write(notCa, dir.resolve("y.pem"), dir.resolve("y.key"), PemWriter.Existing.REFUSE);
    assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("y.pem"), dir.resolve("y.key"), PassphraseSource.none()))
        .isInstanceOf(PemContentException.class).hasMessageEndingWith("y.pem is not a CA certificate (basicConstraints CA:FALSE)");
    assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("ca.pem"), dir.resolve("y.key"), PassphraseSource.none()))
        .isInstanceOf(PemContentException.class).hasMessageContaining("is not the key of the certificate in");
  }
}
