package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.BeforeAll;

/** Every tls-terminate test again, with BoringSSL (netty-tcnative) doing the TLS. */
class TlsTerminateOpensslTest extends TlsTerminateTest {

  @BeforeAll
  static void boringSslIsThere() {
    assertThat(OpenSsl.isAvailable())
        .as("netty-tcnative-boringssl-static (linux-x86_64) must be on the test class path: %s", OpenSsl.unavailabilityCause())
        .isTrue();
  }

  @Override
  protected TlsProvider provider() {
    return TlsProvider.OPENSSL;
  }

  @Override
  protected boolean honoursTicketsOffWithoutTls13() {
    return true;
  }

  /**
   * Netty's OpenSSL engine closes both directions when the client's close_notify arrives
   * (ReferenceCountedOpenSslEngine.closeAll), so the reply to a half-closed client would be
   * lost: the runtime refuses that combination at start instead.
   */
  @Override
  @org.junit.jupiter.api.Test
  void halfCloseWorksThroughTls() throws Exception {
    try (dev.tproxy.runtime.testing.TestBackend replier = new dev.tproxy.runtime.testing.TestBackend("replier",
        dev.tproxy.runtime.testing.TestBackend.replyAtEndOfInput()).start()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TproxyRuntime.start(halfCloseTopology(replier),
              RuntimeOptions.builder().tlsProvider(TlsProvider.OPENSSL).build()))
          .isInstanceOf(TproxyStartException.class)
          .hasMessageContaining("service \"half\" asks for half-close")
          .hasMessageContaining("the JDK provider");
    }
  }
}
