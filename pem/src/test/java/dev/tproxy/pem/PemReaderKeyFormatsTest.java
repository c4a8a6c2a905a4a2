package dev.tproxy.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key encoding OpenSSL and Let's Encrypt produce is read back as the certificate's key; the
 * test class path has BouncyCastle (an optional dependency), so the rare encryptions the JDK lacks
 * are read too. {@link WithoutBouncyCastleTest} reads the same files without it.
 */
class PemReaderKeyFormatsTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tproxy.pem.KeyFormat#all")
  void readsKeyFormat(KeyFormat format) throws Exception {
    Path file = format.generate(dir);

    PrivateKey key = PemReader.readPrivateKey(file, format.source());
    X509Certificate cert = PemReader.readCertificates(dir.resolve("c.pem")).get(0);
    assertThat(KeyMatcher.matches(cert.getPublicKey(), key)).as(format.name()).isTrue();
    assertThat(PemReader.readKeyPair(dir.resolve("c.pem"), file, format.source()).privateKey()).isEqualTo(key);

    if (!format.passphrase().isEmpty()) {
      assertThatThrownBy(() -> PemReader.readPrivateKey(file, PassphraseSource.of("wrong".toCharArray())))
          .isInstanceOf(PemContentException.class)
          .hasMessageStartingWith("cannot decrypt " + file + " (wrong passphrase?)");
      assertThatThrownBy(() -> PemReader.readPrivateKey(file, PassphraseSource.none()))
          .isInstanceOf(PemContentException.class).hasMessage(file + " is encrypted and no passphrase was given");
      Files.writeString(dir.resolve("pass.txt"), format.passphrase() + "\nignored second line\n");
      assertThat(PemReader.readPrivateKey(file, PassphraseSource.fromFile(dir.resolve("pass.txt")))).isEqualTo(key);
    }
  }
}
