package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Probe;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.ClientHellos;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.SslhTestData;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import dev.tproxy.runtime.testing.TproxyExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A demux stage on loopback: each protocol reaches its backend with its first bytes intact. */
class DemuxRoutingTest {

  @RegisterExtension @Order(1) static final TestBackend ssh = new TestBackend("ssh", TestBackend.announceAndEcho("ssh"));
  @RegisterExtension @Order(1) static final TestBackend http = new TestBackend("http", TestBackend.echo());
  @RegisterExtension @Order(1) static final TestBackend tlsA = new TestBackend("tls-a", TestBackend.echo());
  @RegisterExtension @Order(1) static final TestBackend tls = new TestBackend("tls", TestBackend.echo());
  @RegisterExtension @Order(1) static final TestBackend regex = new TestBackend("regex", TestBackend.echo());
  @RegisterExtension @Order(1) static final TestBackend any = new TestBackend("any", TestBackend.echo());

  @RegisterExtension @Order(2)
  static final TproxyExtension proxy = new TproxyExtension() {
    @Override
    protected Topology topology() {
      return Topology.builder("demux-test")
          .backend("ssh", ssh.addressText())
          .backend("http", http.addressText())
          .backend("tls-a", tlsA.addressText())
          .backend("tls", tls.addressText())
          .backend("regex", regex.addressText())
          .backend("any", any.addressText())
          .service(Service.builder("front").listen("127.0.0.1:0").engine(EngineKind.TPROXY)
              .demux(d -> d.rule(Probe.SSH, "ssh")
                  .rule(Probe.HTTP, "http")
                  .tls("tls-a", List.of("*.a.test"), List.of())
                  .rule(Probe.TLS, "tls")
                  .rule(dev.tproxy.model.ProbeRule.regex("regex", List.of("^foo", "^bar"), OptionalInt.of(4)))
                  .rule(Probe.ANYPROT, "any")
                  .probeTimeout(Duration.ofMillis(400))
                  .onTimeout("ssh")))
          .build();
    }
  };

  /** Sends {@code first}, reads the echo: the backend got exactly those bytes, unchanged. */
  private static void roundTrip(TestBackend backend, byte[] first) {
    int before = backend.connections().size();
    try (TestClient c = proxy.connect("front")) {
      c.send(first);
      assertThat(c.read(first.length)).isEqualTo(first);
      c.send("more");
      assertThat(c.read(4)).isEqualTo("more".getBytes(StandardCharsets.US_ASCII));
    }
    List<TestBackend.Connection> conns = backend.awaitConnections(before + 1, Duration.ofSeconds(5));
    Eventually.await("backend saw the bytes", () -> conns.get(before).received().length == first.length + 4);
  }

  @Test
  void httpGoesToHttpWithItsRequestLineReplayed() {
    roundTrip(http, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void tlsWithMatchingSniGoesToItsRuleOthersToPlainTls() {
    roundTrip(tlsA, ClientHellos.jdk("www.a.test", "h2"));
    roundTrip(tls, ClientHellos.jdk("a.test", "h2")); // *.a.test does not match the apex
    roundTrip(tls, SslhTestData.tlsPlain());
  }

  @Test
  void helloFragmentedAcrossSegmentsAndRecordsIsStillTls() {
    byte[] hello = ClientHellos.twoRecords(ClientHellos.jdk("www.a.test"), 50);
    int before = tlsA.connections().size();
    try (TestClient c = proxy.connect("front")) {
      c.sendInPieces(hello, 7, 2);
      assertThat(c.read(hello.length)).isEqualTo(hello);
    }
    assertThat(tlsA.awaitConnections(before + 1, Duration.ofSeconds(5))).hasSize(before + 1);
  }

  @Test
  void sshWrittenOneByteAtATime() {
    int before = ssh.connections().size();
    try (TestClient c = proxy.connect("front")) {
      byte[] banner = "SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII);
      c.sendInPieces(banner, 1, 3);
      assertThat(c.readLine()).startsWith("BACKEND ssh peer=127.0.0.1:");
      assertThat(c.read(banner.length)).isEqualTo(banner);
    }
    assertThat(ssh.awaitConnections(before + 1, Duration.ofSeconds(5))).hasSize(before + 1);
  }

  /** sslh's SSL_MIX_SSH test: a TLS client stalled mid-hello does not hold up an SSH client. */
  @Test
  void aStalledHelloDoesNotHoldUpAnotherClient() {
    byte[] hello = SslhTestData.tlsPlain();
    try (TestClient stalled = proxy.connect("front")) {
      stalled.send(java.util.Arrays.copyOf(hello, 40));
      try (TestClient sshClient = proxy.connect("front")) {
        sshClient.send("SSH-2.0-mix\r\n");
        assertThat(sshClient.readLine()).startsWith("BACKEND ssh");
      }
      stalled.send(java.util.Arrays.copyOfRange(hello, 40, hello.length));
      assertThat(stalled.read(hello.length)).isEqualTo(hello);
    }
  }

  @Test
  void regexNeedsItsMinLength() {
    roundTrip(regex, "fooo".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void anythingElseGoesToTheLastRule() {
    roundTrip(any, SslhTestData.ANYPROT);
  }

  @Test
  void silentClientGoesToTheOnTimeoutTargetWhenTheTimerFires() {
    try (TestClient c = proxy.connect("front")) {
      long start = System.nanoTime();
      assertThat(c.readLine()).startsWith("BACKEND ssh");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    }
  }

  @Test
  void undecidedBytesGoToTheOnTimeoutTargetAtTheTimeout() {
    // sslh's test: "foo" is below the regex rule's min-length, so it waits and ends at ssh
    try (TestClient c = proxy.connect("front")) {
      c.send("foo");
      assertThat(c.readLine()).startsWith("BACKEND ssh");
      assertThat(c.read(3)).isEqualTo("foo".getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void clientThatClosesWithoutSendingIsNotForwarded() {
    long sshBefore = ssh.connections().size();
    long closedBefore = proxy.counters("front").closed();
    try (TestClient c = proxy.connect("front")) {
      c.endOutput();
      assertThat(c.isClosedByPeer(2000)).isTrue();
    }
    Eventually.await("the connection is closed", () -> proxy.counters("front").closed() > closedBefore);
    assertThat(ssh.connections()).hasSize((int) sshBefore);
  }

  @Test
  void countersFollowTheRoutes() {
    long before = proxy.counters("front").routedTo("http");
    long bytesBefore = proxy.counters("front").bytesFromClients();
    roundTrip(http, "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    Eventually.await("counted", () -> proxy.counters("front").routedTo("http") == before + 1);
    assertThat(proxy.counters("front").bytesFromClients() - bytesBefore).isEqualTo(18 + 4);
  }
}
