package dev.tproxy.runtime;

import static dev.tproxy.runtime.testing.ProxyProtocolPeers.address;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.IpPrefix;
import dev.tproxy.model.ProxyProtocol;
import dev.tproxy.model.ProxyProtocolVersion;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.LogLines;
import dev.tproxy.runtime.testing.ProxyProtocolPeers;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PROXY protocol round trips with Netty's codec on the other side: headers written by its
 * encoder are accepted from trusted peers only, and the address in them is the client's from then
 * on; headers the runtime sends are read back by its decoder.
 */
class ProxyProtocolTest {
  static ProxyProtocolPeers.Backend ppBackend;
  static final TestBackend plain = new TestBackend("plain", TestBackend.announceAndEcho("plain"));

  static final InetSocketAddress CLIENT = address("203.0.113.7", 4242);
  static final InetSocketAddress FRONT_DOOR = address("198.51.100.1", 443);
  static final InetSocketAddress CLIENT6 = address("2001:db8::7", 4243);
  static final InetSocketAddress FRONT_DOOR6 = address("2001:db8::1", 443);

  @BeforeAll
  static void backends() {
    ppBackend = new ProxyProtocolPeers.Backend();
    plain.start();
  }

  @AfterAll
  static void stop() {
    ppBackend.close();
    plain.close();
  }

  private static ProxyProtocol accept(String... trusted) {
    return new ProxyProtocol(true, java.util.Arrays.stream(trusted).map(IpPrefix::parse).toList(), Optional.empty(),
        HEADER_TIMEOUT);
  }

  private static ProxyProtocol send(ProxyProtocolVersion v) {
    return new ProxyProtocol(false, List.of(), Optional.of(v));
  }

  /** The topology's proxy-protocol timeout, short so that a silent peer's test ends soon. */
  private static final Optional<Duration> HEADER_TIMEOUT = Optional.of(Duration.ofMillis(500));

  private static TproxyRuntime start(Topology t, LogLines logs) {
    return TproxyRuntime.start(t, RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200))
        .connectionLog(logs).build());
  }

  @ParameterizedTest
  @EnumSource(HAProxyProtocolVersion.class)
  void aHeaderFromATrustedPeerNamesTheClientAndIsSentOnInTheOtherVersion(HAProxyProtocolVersion in) {
    ProxyProtocolVersion out = in == HAProxyProtocolVersion.V1 ? ProxyProtocolVersion.V2 : ProxyProtocolVersion.V1;
    LogLines logs = new LogLines();
    Topology t = Topology.builder("pp")
        .backend("pp-backend", ppBackend.addressText())
        .service(Service.builder("front").listen("127.0.0.1:0").proxyProtocol(
            new ProxyProtocol(true, List.of(), Optional.of(out), HEADER_TIMEOUT)).forward("pp-backend"))
        .build();
    try (TproxyRuntime r = start(t, logs)) {
      try (TestClient c = TestClient.connect(r.boundAddress("front"))) {
        byte[] header = ProxyProtocolPeers.header(in, CLIENT, FRONT_DOOR);
        byte[] hello = "hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] both = java.util.Arrays.copyOf(header, header.length + hello.length);
        System.arraycopy(hello, 0, both, header.length, hello.length);
        c.send(both);
        String v = out == ProxyProtocolVersion.V1 ? "v1" : "v2";
        assertThat(c.readLine()).isEqualTo("PROXY " + v + " TCP4 203.0.113.7:4242 -> 198.51.100.1:443");
        assertThat(c.readLine()).as("what followed the header in the same segment").isEqualTo("hello");
      }
      String via = in == HAProxyProtocolVersion.V1 ? "v1" : "v2";
      logs.await("front 203.0.113.7:4242 -> 198.51.100.1:443 (via PROXY " + via + " from 127.0.0.1:", "route forward -> pp-backend");
    }
  }

  @Test
  void ipv6AddressesTravelInBothVersions() {
    LogLines logs = new LogLines();
    Topology t = Topology.builder("pp6")
        .backend("pp-backend", ppBackend.addressText())
        .service(Service.builder("v1").listen("127.0.0.1:0").proxyProtocol(
            new ProxyProtocol(true, List.of(), Optional.of(ProxyProtocolVersion.V1), HEADER_TIMEOUT)).forward("pp-backend"))
        .build();
    try (TproxyRuntime r = start(t, logs); TestClient c = TestClient.connect(r.boundAddress("v1"))) {
      c.send(ProxyProtocolPeers.header(HAProxyProtocolVersion.V2, CLIENT6, FRONT_DOOR6));
      assertThat(c.readLine()).isEqualTo("PROXY v1 TCP6 2001:db8:0:0:0:0:0:7:4243 -> 2001:db8:0:0:0:0:0:1:443");
    }
  }

  @Test
  void aLocalHeaderKeepsTheConnectionsOwnAddresses() {
    LogLines logs = new LogLines();
    Topology t = Topology.builder("pp-local")
        .backend("plain", plain.addressText())
        .service(Service.builder("front").listen("127.0.0.1:0").proxyProtocol(accept()).forward("plain"))
        .build();
    try (TproxyRuntime r = start(t, logs)) {
      int port;
      try (TestClient c = TestClient.connect(r.boundAddress("front"))) {
        c.send(ProxyProtocolPeers.localV2());
        assertThat(c.readLine()).startsWith("BACKEND plain peer=127.0.0.1:");
        port = c.localAddress().getPort();
      }
      logs.await("front 127.0.0.1:" + port + " -> ", "(via PROXY v2 LOCAL, own addresses kept, from 127.0.0.1:" + port + ")");
    }
  }

  @Test
  void untrustedPeersInvalidHeadersAndSilentClientsAreClosedBeforeAnythingIsConnected() {
    LogLines logs = new LogLines();
    Topology t = Topology.builder("pp-refuse")
        .backend("plain", plain.addressText())
        .service(Service.builder("strict").listen("127.0.0.1:0").proxyProtocol(accept("10.0.0.0/8")).forward("plain"))
        .service(Service.builder("loopback").listen("127.0.0.1:0").proxyProtocol(accept()).forward("plain"))
        .build();
    int before = plain.connections().size();
    try (TproxyRuntime r = start(t, logs)) {
      try (TestClient c = TestClient.connect(r.boundAddress("strict"))) {
        c.send(ProxyProtocolPeers.header(HAProxyProtocolVersion.V1, CLIENT, FRONT_DOOR));
        assertThat(c.isClosedByPeer(2000)).isTrue();
      }
      logs.await("peer 127.0.0.1 may not send a PROXY header (trusted: 10.0.0.0/8), closed at once");
      try (TestClient c = TestClient.connect(r.boundAddress("loopback"))) {
        c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(c.isClosedByPeer(2000)).isTrue();
      }
      logs.await("invalid PROXY header");
      try (TestClient c = TestClient.connect(r.boundAddress("loopback"))) {
        assertThat(c.timeUntilClosedByPeer(3000)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
      }
      logs.await("no complete PROXY header within 500 ms");
      assertThat(plain.connections()).hasSize(before);
      assertThat(r.counters("strict").proxyHeaderErrors()).isEqualTo(1);
      assertThat(r.counters("loopback").proxyHeaderErrors()).as("invalid, then late").isEqualTo(2);
    }
  }

  @Test
  void aPlainClientGetsNoHeaderAndASendingServiceWritesTheListenerAsDestination() {
    LogLines logs = new LogLines();
    Topology t = Topology.builder("pp-send")
        .backend("pp-backend", ppBackend.addressText())
        .service(Service.builder("sender").listen("127.0.0.1:0").proxyProtocol(send(ProxyProtocolVersion.V2))
            .forward("pp-backend"))
        .build();
    try (TproxyRuntime r = start(t, logs); TestClient c = TestClient.connect(r.boundAddress("sender"))) {
      InetSocketAddress listener = r.boundAddress("sender");
      assertThat(c.readLine()).isEqualTo("PROXY v2 TCP4 127.0.0.1:" + c.localAddress().getPort() + " -> 127.0.0.1:"
          + listener.getPort());
      c.send("echo me\n");
      assertThat(c.readLine()).isEqualTo("echo me");
    }
  }
}
