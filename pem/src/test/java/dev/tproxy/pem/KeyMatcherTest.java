package dev.tproxy.pem;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class KeyMatcherTest {

  @Test
  void aKeyMatchesItsOwnPublicKeyOnly() throws Exception {
    KeyPair ec = ec(KeyPairGenerator.getInstance("EC"));
    KeyPair ec2 = ec(KeyPairGenerator.getInstance("EC"));
    KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
    rsaGenerator.initialize(2048);
    KeyPair rsa = rsaGenerator.generateKeyPair();
    assertThat(KeyMatcher.matches(ec.getPublic(), ec.getPrivate())).isTrue();
    assertThat(KeyMatcher.matches(rsa.getPublic(), rsa.getPrivate())).isTrue();
    assertThat(KeyMatcher.matches(ec2.getPublic(), ec.getPrivate())).isFalse();
    assertThat(KeyMatcher.matches(rsa.getPublic(), ec.getPrivate())).isFalse();
    assertThat(KeyMatcher.signatureAlgorithmFor(ec.getPrivate())).isEqualTo("SHA256withECDSA");
    assertThat(KeyMatcher.signatureAlgorithmFor(rsa.getPrivate())).isEqualTo("SHA256withRSA");
  }

  private static KeyPair ec(KeyPairGenerator g) throws Exception {
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
