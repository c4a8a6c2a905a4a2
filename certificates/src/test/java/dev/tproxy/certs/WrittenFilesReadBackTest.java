package dev.tproxy.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.pem.IssuedCertificate;
import dev.tproxy.pem.PassphraseSource;
import dev.tproxy.pem.PemContentException;
import dev.tproxy.pem.PemReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What this module writes, the runtime reads: keys of every {@link KeyAlgorithm} and their chains
 * go through {@link PemReader} (the pem module, no BouncyCastle) unchanged. The keys OpenSSL
 * writes are the pem module's tests.
 */
class WrittenFilesReadBackTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void aWrittenKeyPairIsReadBack(KeyAlgorithm algorithm) throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA", algorithm, CertificateAuthority.DEFAULT_VALIDITY,
        java.time.Clock.systemUTC(), new java.security.SecureRandom());
    IssuedCertificate issued = ca.issueServer(CertificateSpec.server("a.test").withKeyAlgorithm(algorithm));
    PemWriter.write(issued, dir.resolve("a.pem"), dir.resolve("a.key"), PemWriter.Existing.REFUSE);
    assertThat(Files.readString(dir.resolve("a.key"))).startsWith("-----BEGIN PRIVATE KEY-----");

    IssuedCertificate read = PemReader.readKeyPair(dir.resolve("a.pem"), dir.resolve("a.key"), PassphraseSource.none());
    assertThat(read.chain()).isEqualTo(issued.chain());
    assertThat(read.privateKey()).isEqualTo(issued.privateKey());
  }

  @Test
  void aKeyPairIsReadOnlyWhenTheKeyIsTheLeafs() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA");
    IssuedCertificate a = ca.issueServer(CertificateSpec.server("a.test"));
    IssuedCertificate b = ca.issueServer(CertificateSpec.server("b.test"));
    PemWriter.write(a, dir.resolve("a.pem"), dir.resolve("a.key"), PemWriter.Existing.REFUSE);
    PemWriter.write(b, dir.resolve("b.pem"), dir.resolve("b.key"), PemWriter.Existing.REFUSE);
    // what a renewal looks like between swapping the certificate's link and the key's
    assertThatThrownBy(() -> PemReader.readKeyPair(dir.resolve("b.pem"), dir.resolve("a.key"), PassphraseSource.none()))
        .isInstanceOf(PemContentException.class)
        .hasMessageEndingWith("a.key is not the key of the first certificate in " + dir.resolve("b.pem"));
  }
}
