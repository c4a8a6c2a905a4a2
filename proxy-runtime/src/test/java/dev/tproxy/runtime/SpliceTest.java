package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Probe;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import dev.tproxy.runtime.testing.TproxyExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Relaying with splice(2): bytes intact, probed bytes first, ends handled, idle timeout from tcp_info. */
class SpliceTest {

  @RegisterExtension @Order(1) static final TestBackend echo = new TestBackend("echo", TestBackend.echo());
  @RegisterExtension @Order(1) static final TestBackend reply = new TestBackend("reply", TestBackend.replyAtEndOfInput());
  @RegisterExtension @Order(1) static final TestBackend silent = new TestBackend("silent", TestBackend.silent());

  @RegisterExtension @Order(2)
  static final TproxyExtension proxy = new TproxyExtension() {
    @Override
    protected Topology topology() {
      return Topology.builder("splice")
          .backend("echo", echo.addressText())
          .backend("reply", reply.addressText())
          .backend("silent", silent.addressText())
          .service(Service.builder("to-echo").listen("127.0.0.1:0").forward("echo"))
          .service(Service.builder("demux").listen("127.0.0.1:0")
              .demux(d -> d.rule(Probe.HTTP, "echo").rule(Probe.ANYPROT, "echo")))
          .service(Service.builder("half").listen("127.0.0.1:0").halfClose(true).forward("reply"))
          .service(Service.builder("half-demux").listen("127.0.0.1:0").halfClose(true)
              .demux(d -> d.rule(Probe.HTTP, "reply")))
          .service(Service.builder("idle").listen("127.0.0.1:0").idleTimeout(Duration.ofMillis(400)).forward("silent"))
          .build();
    }

    @Override
    protected RuntimeOptions options(RuntimeOptions.Builder builder) {
      return super.options(builder.splice(true).transport(TransportKind.EPOLL));
    }
  };

  @Test
  void bytesPassThroughTheKernelIntact() throws Exception {
    byte[] data = new byte[4 * 1024 * 1024];
    new Random(7).nextBytes(data);
    try (TestClient c = proxy.connect("to-echo")) {
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> c.send(data));
      assertThat(c.read(data.length)).isEqualTo(data);
      writer.get();
    }
    // Spliced bytes never cross the pipeline, so the tracker counted none of them.
    Eventually.await("closed", () -> proxy.counters("to-echo").closed() == 1);
    assertThat(proxy.counters("to-echo").bytesFromClients()).isZero();
  }

  @Test
  void probedBytesGoFirstThenTheSplice() {
    try (TestClient c = proxy.connect("demux")) {
      c.send("GET / HTTP/1.1\r\n\r\n");
      assertThat(c.read(18)).isEqualTo("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      c.send("after");
      assertThat(c.read(5)).isEqualTo("after".getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void halfCloseIsRelayedWhileSplicing() {
    int before = reply.connections().size();
    try (TestClient c = proxy.connect("half")) {
      c.send("hello");
      // once the backend has the bytes, the relay (here: the splice) is running
      TestBackend.Connection conn = reply.awaitConnections(before + 1, Duration.ofSeconds(5)).get(before);
      Eventually.await("the backend got hello", () -> conn.received().length == 5);
      c.endOutput();
      assertThat(new String(c.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("got 5 bytes");
    }
    Eventually.await("closed", () -> proxy.counters("half").closed() == 1);
    assertThat(proxy.counters("half").bytesFromClients()).as("spliced, so not counted").isZero();
  }

  @Test
  void aClientThatEndedBeforeTheConnectIsRelayedThroughThePipeline() {
    // "GE" leaves the http probe waiting, so only the end of data decides: the client has ended
    // before the connect starts, whatever the timing
    try (TestClient c = proxy.connect("half-demux")) {
      c.send("GE").endOutput();
      assertThat(new String(c.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("got 2 bytes");
    }
    Eventually.await("closed", () -> proxy.counters("half-demux").closed() == 1);
    assertThat(proxy.counters("half-demux").bytesToClients()).as("the reply crossed the pipeline").isEqualTo(11);
  }

  @Test
  void idleTimeoutReadFromTcpInfo() {
    try (TestClient c = proxy.connect("idle")) {
      c.send("x");
      assertThat(c.timeUntilClosedByPeer(5000)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }
}
