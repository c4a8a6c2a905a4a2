package dev.tproxy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.TlsProvider;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * AUTO takes OpenSSL (a full handshake costs it about a quarter of the JDK's CPU) where
 * netty-tcnative is there (it is on this module's test class path) and nothing needs the JDK.
 */
class TlsProviderChoiceTest {

  private static Topology terminating(boolean halfClose) {
    return Topology.builder("t")
        .backend("b", "127.0.0.1:9")
        .service(Service.builder("tls").listen("127.0.0.1:0").halfClose(halfClose)
            .tlsTerminate("b", t -> t.certificate(Path.of("/c.pem"), Path.of("/c.key"))))
        .build();
  }

  @Test
  void autoTakesOpensslWhereItIsThere() {
    assertThat(OpenSsl.isAvailable()).as("netty-tcnative on the test class path").isTrue();
    assertThat(StartChecks.chooseTlsProvider(terminating(false).services(), TlsProvider.AUTO)).isEqualTo(TlsProvider.OPENSSL);
  }

  @Test
  void autoTakesTheJdkForHalfCloseWhichOpensslCannotRelay() {
    assertThat(StartChecks.chooseTlsProvider(terminating(true).services(), TlsProvider.AUTO)).isEqualTo(TlsProvider.JDK);
  }

  @Test
  void anExplicitChoiceStands() {
    assertThat(StartChecks.chooseTlsProvider(terminating(false).services(), TlsProvider.JDK)).isEqualTo(TlsProvider.JDK);
    assertThat(StartChecks.chooseTlsProvider(terminating(true).services(), TlsProvider.OPENSSL)).isEqualTo(TlsProvider.OPENSSL);
  }
}
