package dev.tproxy.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every key format OpenSSL and Let's Encrypt produce is read back as the certificate's key. */
class PemKeyFormatsTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "PKCS#1 RSA      | genrsa -traditional -out k.pem 2048                                          | -----BEGIN RSA PRIVATE KEY----- | ''",
      "PKCS#8 RSA      | genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out k.pem             | -----BEGIN PRIVATE KEY-----     | ''",
      "SEC1 EC         | ecparam -name prime256v1 -genkey -noout -out k.pem                           | -----BEGIN EC PRIVATE KEY-----  | ''",
      "PKCS#8 EC       | genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem           | -----BEGIN PRIVATE KEY-----     | ''",
      "enc PKCS#8 RSA  | genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc -pass pass:s3cret -out k.pem | -----BEGIN ENCRYPTED PRIVATE KEY----- | s3cret",
      "enc PKCS#8 EC   | genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-128-cbc -pass pass:s3cret -out k.pem | -----BEGIN ENCRYPTED PRIVATE KEY----- | s3cret",
      "enc legacy RSA  | genrsa -traditional -aes256 -passout pass:s3cret -out k.pem 2048            | Proc-Type: 4,ENCRYPTED          | s3cret",
  })
  void readsKeyFormat(String name, String genCommand, String marker, String passphrase) throws Exception {
    Openssl.run(dir, genCommand.trim().split("\\s+"));
    assertThat(Files.readString(dir.resolve("k.pem"))).contains(marker);
    String[] req = passphrase.isEmpty()
        ? new String[] {"req", "-x509", "-key", "k.pem", "-subj", "/CN=k", "-days", "1", "-out", "c.pem"}
        : new String[] {"req", "-x509", "-key", "k.pem", "-passin", "pass:" + passphrase, "-subj", "/CN=k", "-days", "1", "-out", "c.pem"};
    Openssl.run(dir, req);

    PassphraseSource source = passphrase.isEmpty() ? PassphraseSource.none() : PassphraseSource.of(passphrase.toCharArray());
    PrivateKey key = PemFiles.readPrivateKey(dir.resolve("k.pem"), source);
    X509Certificate cert = PemFiles.readCertificates(dir.resolve("c.pem")).get(0);
    assertThat(KeyMatcher.matches(cert.getPublicKey(), key)).as(name).isTrue();

    if (!passphrase.isEmpty()) {
      assertThatThrownBy(() -> PemFiles.readPrivateKey(dir.resolve("k.pem"), PassphraseSource.of("wrong".toCharArray())))
          .isInstanceOf(PemContentException.class).hasMessageContaining("wrong passphrase?");
      assertThatThrownBy(() -> PemFiles.readPrivateKey(dir.resolve("k.pem"), PassphraseSource.none()))
          .isInstanceOf(PemContentException.class).hasMessageEndingWith("k.pem is encrypted and no passphrase was given");
      Files.writeString(dir.resolve("pass.txt"), passphrase + "\nignored second line\n");
      assertThat(PemFiles.readPrivateKey(dir.resolve("k.pem"), PassphraseSource.fromFile(dir.resolve("pass.txt"))))
          .isEqualTo(key);
    }
  }

  @org.junit.jupiter.api.Test
  void aKeyPairIsReadOnlyWhenTheKeyIsTheLeafs() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("test CA");
    IssuedCertificate a = ca.issueServer(CertificateSpec.server("a.test"));
    IssuedCertificate b = ca.issueServer(CertificateSpec.server("b.test"));
    PemFiles.write(a, dir.resolve("a.pem"), dir.resolve("a.key"), PemFiles.Existing.REFUSE);
    PemFiles.write(b, dir.resolve("b.pem"), dir.resolve("b.key"), PemFiles.Existing.REFUSE);
    IssuedCertificate read = PemFiles.readKeyPair(dir.resolve("a.pem"), dir.resolve("a.key"), PassphraseSource.none());
    assertThat(read.leaf()).isEqualTo(a.leaf());
    assertThat(read.privateKey()).isEqualTo(a.privateKey());
    // what a renewal looks like between swapping the certificate's link and the key's
    assertThatThrownBy(() -> PemFiles.readKeyPair(dir.resolve("b.pem"), dir.resolve("a.key"), PassphraseSource.none()))
        .isInstanceOf(PemContentException.class)
        .hasMessageEndingWith("a.key is not the key of the first certificate in " + dir.resolve("b.pem"));
  }

  @org.junit.jupiter.api.Test
  void filesWithoutPemContentAreNamed() throws Exception {
    Files.writeString(dir.resolve("empty.pem"), "not pem\n");
    assertThatThrownBy(() -> PemFiles.readCertificates(dir.resolve("empty.pem")))
        .hasMessageEndingWith("empty.pem holds no certificate (expected -----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> PemFiles.readPrivateKey(dir.resolve("empty.pem"), PassphraseSource.none()))
        .hasMessageEndingWith("empty.pem holds no private key (expected -----BEGIN ... PRIVATE KEY-----)");
  }
}
