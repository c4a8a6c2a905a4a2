package dev.tproxy.pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Without BouncyCastle: every common encoding is read by the JDK, the rare ones are refused by name. */
class WithoutBouncyCastleTest {

  static IsolatedPemReader isolated;

  @TempDir Path dir;

  @BeforeAll
  static void isolate() {
    isolated = new IsolatedPemReader();
  }

  @AfterAll
  static void close() throws Exception {
    isolated.close();
  }

  @Test
  void theIsolatedReaderHasNoBouncyCastle() {
    assertThat(isolated.seesBouncyCastle()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tproxy.pem.KeyFormat#jdkOnly")
  void theJdkReads(KeyFormat format) throws Exception {
    Path file = format.generate(dir);
    PrivateKey key = isolated.readPrivateKey(file, format.passphrase());
    assertThat(key).isEqualTo(PemReader.readPrivateKey(file, format.source()));
    assertThat(KeyMatcher.matches(PemReader.readCertificates(dir.resolve("c.pem")).get(0).getPublicKey(), key)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tproxy.pem.KeyFormat#needingBouncyCastle")
  void aKeyTheJdkCannotDecryptNamesTheFileAndTheJar(KeyFormat format) throws Exception {
    Path file = format.generate(dir);
    assertThatThrownBy(() -> isolated.readPrivateKey(file, format.passphrase()))
        .hasMessageStartingWith(file + " is encrypted in a way the JDK cannot decrypt (")
        .hasMessageMatching("(?s).*\\): add org\\.bouncycastle:bcpkix-jdk18on:\\d+\\.\\d+ to the class path .*")
        .hasMessageEndingWith("openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + file + " -out " + file + ".aes");
  }
}
