package dev.tproxy.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate chains, combined files, and the messages for files that hold the wrong thing. */
class PemReaderTest {

  @TempDir Path dir;

  @Test
  void aChainIsReadInFileOrderAndOtherBlocksAreSkipped() throws Exception {
    Openssl.run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "a.key",
        "-subj", "/CN=a", "-days", "1", "-out", "a.pem");
    Openssl.run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "b.key",
        "-subj", "/CN=b", "-days", "1", "-out", "b.pem");
    // a key between the certificates and text around them, as in a combined file or pkcs12 output
    Files.writeString(dir.resolve("chain.pem"), "Bag Attributes\n" + Files.readString(dir.resolve("a.pem"))
        + Files.readString(dir.resolve("a.key")) + "subject=CN = b\n" + Files.readString(dir.resolve("b.pem")));
    List<X509Certificate> chain = PemReader.readCertificates(dir.resolve("chain.pem"));
    assertThat(chain).extracting(c -> c.getSubjectX500Principal().getName()).containsExactly("CN=a", "CN=b");
    assertThat(KeyMatcher.matches(chain.get(0).getPublicKey(),
        PemReader.readPrivateKey(dir.resolve("chain.pem"), PassphraseSource.none()))).isTrue();

    assertThat(PemReader.readKeyPair(dir.resolve("chain.pem"), dir.resolve("a.key"), PassphraseSource.none()).chain())
        .isEqualTo(chain);
    // what a renewal looks like between swapping the certificate's link and the key's
    assertThatThrownBy(() -> PemReader.readKeyPair(dir.resolve("b.pem"), dir.resolve("a.key"), PassphraseSource.none()))
        .isInstanceOf(PemContentException.class)
        .hasMessage(dir.resolve("a.key") + " is not the key of the first certificate in " + dir.resolve("b.pem"));
  }

  @Test
  void filesWithoutPemContentAreNamed() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not pem\n");
    assertThatThrownBy(() -> PemReader.readCertificates(empty))
        .isInstanceOf(PemContentException.class)
        .hasMessage(empty + " holds no certificate (expected -----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> PemReader.readPrivateKey(empty, PassphraseSource.none()))
        .isInstanceOf(PemContentException.class)
        .hasMessage(empty + " holds no private key (expected -----BEGIN ... PRIVATE KEY-----)");
  }

  @Test
  void damagedContentIsNamed() throws Exception {
    Path cert = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> PemReader.readCertificates(cert))
        .isInstanceOf(PemContentException.class)
        .hasMessageStartingWith(cert + " does not hold valid PEM certificates: the block of line 1: ");
    Path key = Files.writeString(dir.resolve("bad.key"), "-----BEGIN PRIVATE KEY-----\naGVsbG8=\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemReader.readPrivateKey(key, PassphraseSource.none()))
        .isInstanceOf(PemContentException.class)
        .hasMessageStartingWith(key + " does not hold an RSA or EC private key the JDK can read: ");
    Path sec1 = Files.writeString(dir.resolve("bad-ec.key"), "-----BEGIN EC PRIVATE KEY-----\naGVsbG8=\n-----END EC PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemReader.readPrivateKey(sec1, PassphraseSource.none()))
        .isInstanceOf(PemContentException.class)
        .hasMessageStartingWith(sec1 + " does not hold a valid PEM key: ");
  }

  @Test
  void keysOfOtherTypesAreRefusedByName() throws Exception {
    Openssl.run(dir, "genpkey", "-algorithm", "ED25519", "-out", "ed.key");
    assertThatThrownBy(() -> PemReader.readPrivateKey(dir.resolve("ed.key"), PassphraseSource.none()))
        .isInstanceOf(PemContentException.class)
        .hasMessageStartingWith(dir.resolve("ed.key") + " does not hold an RSA or EC private key the JDK can read");
    Path dsa = Files.writeString(dir.resolve("dsa.key"), "-----BEGIN DSA PRIVATE KEY-----\naGVsbG8=\n-----END DSA PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemReader.readPrivateKey(dsa, PassphraseSource.none()))
        .isInstanceOf(PemContentException.class)
        .hasMessage(dsa + " holds a key of type \"DSA PRIVATE KEY\"; tproxy reads RSA and EC keys (PRIVATE KEY,"
            + " RSA PRIVATE KEY, EC PRIVATE KEY, ENCRYPTED PRIVATE KEY)");
  }
}
