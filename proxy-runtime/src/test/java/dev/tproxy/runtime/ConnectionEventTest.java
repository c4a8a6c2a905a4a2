package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Probe;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import dev.tproxy.runtime.testing.TproxyExtension;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A connection's event, as a listener gets it: the data of the log line, which is its rendering. */
class ConnectionEventTest {
  @RegisterExtension @Order(1) static final TestBackend http = new TestBackend("http", TestBackend.echo());

  @RegisterExtension @Order(2)
  static final TproxyExtension proxy = new TproxyExtension() {
    @Override
    protected Topology topology() {
      return Topology.builder("event-test")
          .backend("http", http.addressText())
          .backend("gone", "127.0.0.1:1")
          .service(Service.builder("front").listen("127.0.0.1:0").engine(EngineKind.TPROXY)
              .demux(d -> d.rule(Probe.HTTP, "http").rule(Probe.SSH, "gone").probeTimeout(Duration.ofSeconds(5)).onTimeout("http")))
          .build();
    }
  };

  @Test
  void aRoutedConnectionsEventNamesClientRouteUpstreamAndBytes() {
    byte[] request = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    InetSocketAddress client;
    try (TestClient c = proxy.connect("front")) {
      client = c.localAddress();
      c.send(request);
      assertThat(c.read(request.length)).isEqualTo(request);
    }
    ConnectionEvent e = proxy.events().await("from " + client, ev -> ev.client().equals(client));
    assertThat(e.service()).isEqualTo("front");
    assertThat(e.destination()).isEqualTo(proxy.address("front"));
    assertThat(e.proxyHeader()).isEmpty();
    assertThat(e.tls()).isEmpty();
    assertThat(e.route()).contains(new ConnectionEvent.Route("http", RouteReason.PROBE, "probe http", false));
    assertThat(e.upstream()).hasValueSatisfying(u -> {
      assertThat(u).isInstanceOf(ConnectionEvent.Upstream.Socket.class);
      ConnectionEvent.Upstream.Socket s = (ConnectionEvent.Upstream.Socket) u;
      assertThat(s.remote()).isEqualTo(http.address());
      assertThat(s.bind()).isEqualTo(BindOutcome.NOT_TRANSPARENT);
    });
    assertThat(e.bytesFromClient()).isEqualTo(request.length);
    assertThat(e.bytesToClient()).isEqualTo(request.length);
    assertThat(e.spliced()).isFalse();
    assertThat(e.closeReason()).isEqualTo("client closed");
    assertThat(e.duration()).isPositive();
    // the log line is the event's text rendering
    assertThat(proxy.logs().await(ConnectionLogFormat.address(client) + " ->")).isEqualTo(e.toLogLine());
  }

  @Test
  void aListenerThatThrowsDoesNotKeepAConnectionOpen() {
    RuntimeOptions options = RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200))
        .connectionListener(e -> {
          throw new IllegalStateException("a broken listener");
        })
        .connectionLog(line -> {
          throw new IllegalStateException("a broken line consumer");
        }).build();
    try (TproxyRuntime r = TproxyRuntime.start(proxy.runtime().topology(), options)) {
      try (TestClient c = TestClient.connect(r.boundAddress("front"))) {
        c.send("GET / HTTP/1.0\r\n\r\n");
        c.read(18);
      }
      dev.tproxy.runtime.testing.Eventually.await("closed and gone from the open connections",
          () -> r.counters("front").closed() == 1 && r.openConnections() == 0);
    }
  }

  @Test
  void aFailedConnectIsCountedForItsTargetAndEndsTheEventWithItsCause() {
    long before = proxy.counters("front").connectFailures("gone");
    InetSocketAddress client;
    try (TestClient c = proxy.connect("front")) {
      client = c.localAddress();
      c.send("SSH-2.0-test\r\n");
      assertThat(c.isClosedByPeer(5000)).isTrue();
    }
    ConnectionEvent e = proxy.events().await("from " + client, ev -> ev.client().equals(client));
    assertThat(e.route()).contains(new ConnectionEvent.Route("gone", RouteReason.PROBE, "probe ssh", false));
    assertThat(e.upstream()).isEmpty();
    assertThat(e.closeReason()).startsWith("connect to gone failed: ");
    assertThat(proxy.counters("front").connectFailures("gone")).isEqualTo(before + 1);
    assertThat(proxy.counters("front").connects("gone")).isZero();
  }
}
