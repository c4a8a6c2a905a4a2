package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.ClientHellos;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import dev.tproxy.runtime.testing.TproxyExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An sni-route stage on loopback, with nginx's map semantics and preread limits. */
class SniRouteTest {

  @RegisterExtension @Order(1) static final TestBackend exact = new TestBackend("exact", TestBackend.echo());
  @RegisterExtension @Order(1) static final TestBackend wild = new TestBackend("wild", TestBackend.echo());
  @RegisterExtension @Order(1) static final TestBackend deeper = new TestBackend("deeper", TestBackend.echo());
  @RegisterExtension @Order(1) static final TestBackend h2 = new TestBackend("h2", TestBackend.echo());
  @RegisterExtension @Order(1) static final TestBackend fallback = new TestBackend("fallback", TestBackend.echo());

  @RegisterExtension @Order(2)
  static final TproxyExtension proxy = new TproxyExtension() {
    @Override
    protected Topology topology() {
      return Topology.builder("sni-test")
          .backend("exact", exact.addressText())
          .backend("wild", wild.addressText())
          .backend("deeper", deeper.addressText())
          .backend("h2", h2.addressText())
          .backend("fallback", fallback.addressText())
          .service(Service.builder("router").listen("127.0.0.1:0")
              .sniRoute("fallback", r -> r.prereadTimeout(Duration.ofMillis(300)).prereadBuffer(4096).alpn("h2", "h2")
                  .serverNames("wild", "*.example.org")
                  .serverNames("deeper", "*.deep.example.org")
                  .serverNames("exact", "t1.example.org", "T2.Example.Org")))
          .build();
    }

  };

  private static void routes(byte[] firstFlight, TestBackend expected) {
    int before = expected.connections().size();
    try (TestClient c = proxy.connect("router")) {
      c.send(firstFlight);
      assertThat(c.read(firstFlight.length)).as("replayed unchanged").isEqualTo(firstFlight);
    }
    assertThat(expected.awaitConnections(before + 1, Duration.ofSeconds(5))).hasSize(before + 1);
  }

  @Test
  void exactNameWinsWhateverTheCase() {
    routes(ClientHellos.jdk("t1.example.org", "h2"), exact);
    routes(ClientHellos.jdk("t2.example.org"), exact);
    routes(ClientHellos.jdk("T1.EXAMPLE.ORG"), exact);
  }

  @Test
  void longestWildcardWinsAndTheApexIsNotAWildcardMatch() {
    routes(ClientHellos.jdk("www.example.org"), wild);
    routes(ClientHellos.jdk("x.deep.example.org"), deeper);
    routes(ClientHellos.jdk("example.org"), fallback);
  }

  @Test
  void alpnWhenNoNameMatches() {
    routes(ClientHellos.jdk("unknown.test", "http/1.1", "h2"), h2);
    routes(ClientHellos.jdk(null, "h2"), h2);
    routes(ClientHellos.jdk("www.example.org", "h2"), wild); // a name beats ALPN
  }

  @Test
  void helloOverTwoRecordsAndManySegments() {
    byte[] hello = ClientHellos.twoRecords(ClientHellos.jdk("t1.example.org"), 33);
    int before = exact.connections().size();
    try (TestClient c = proxy.connect("router")) {
      c.sendInPieces(hello, 11, 2);
      assertThat(c.read(hello.length)).isEqualTo(hello);
    }
    assertThat(exact.awaitConnections(before + 1, Duration.ofSeconds(5))).hasSize(before + 1);
  }

  @Test
  void absentEmptyNulAndOversizedNamesGoToTheDefault() {
    routes(ClientHellos.withRawServerName(null), fallback);
    routes(ClientHellos.withRawServerName(new byte[0]), fallback);
    routes(ClientHellos.withRawServerName("t1.example.org\0.evil".getBytes(StandardCharsets.ISO_8859_1)), fallback);
    byte[] huge = new byte[300];
    Arrays.fill(huge, (byte) 'a');
    routes(ClientHellos.withRawServerName(huge), fallback);
  }

  @Test
  void notTlsAndMalformedHellosGoToTheDefaultWithTheirBytes() {
    routes("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII), fallback);
    byte[] broken = ClientHellos.withRawServerName("t1.example.org".getBytes(StandardCharsets.US_ASCII));
    broken[broken.length - 20] = (byte) 0xff; // a length inside the SNI extension
    routes(broken, fallback);
  }

  @Test
  void silentClientIsClosedAtThePrereadTimeout() {
    long before = fallback.connections().size();
    try (TestClient c = proxy.connect("router")) {
      c.send(new byte[] {0x16, 3, 1}); // a TLS start, never completed
      assertThat(c.isClosedByPeer(3000)).isTrue();
    }
    assertThat(fallback.connections()).hasSize((int) before);
  }

  @Test
  void helloLargerThanThePrereadLimitIsClosed() {
    // a ClientHello that announces 8000 bytes, more than the 4096-byte limit of this test
    byte[] start = {0x16, 3, 1, 0x1f, 0x40, 1, 0, 0x1f, 0x3c};
    byte[] filler = new byte[4200];
    long closedBefore = proxy.counters("router").closed();
    try (TestClient c = proxy.connect("router")) {
      c.send(start);
      c.send(Arrays.copyOf(filler, 4200));
      assertThat(c.isClosedByPeer(3000)).isTrue();
    }
    Eventually.await("closed", () -> proxy.counters("router").closed() > closedBefore);
  }

  @Test
  void clientEndingItsDataBeforeTheHelloIsClosed() {
    try (TestClient c = proxy.connect("router")) {
      c.send(new byte[] {0x16, 3, 1, 0});
      c.endOutput();
      assertThat(c.isClosedByPeer(3000)).isTrue();
    }
  }
}
