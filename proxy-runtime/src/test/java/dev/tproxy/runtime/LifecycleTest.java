package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.model.InvalidTopologyException;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import dev.tproxy.runtime.testing.Topologies;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starting, stopping, draining, sharing a JVM and an event loop group, and failing to start. */
class LifecycleTest {
  static final TestBackend echo = new TestBackend("echo", TestBackend.echo());

  @BeforeAll
  static void startBackend() {
    echo.start();
  }

  @AfterAll
  static void stopBackend() {
    echo.close();
  }

  static Topology forwardTo(String name, String backendAddress) {
    return Topology.builder(name)
        .backend("echo", backendAddress)
        .service(Service.builder("front").listen("127.0.0.1:0").forward("echo"))
        .build();
  }

  static void roundTrip(InetSocketAddress address, String text) {
    try (TestClient c = TestClient.connect(address)) {
      c.send(text);
      assertThat(c.read(text.length())).isEqualTo(text.getBytes(StandardCharsets.US_ASCII));
    }
  }

  static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
  }

  @Test
  void startsAndStopsManyTimesWithoutLeakingThreads() {
    for (int i = 0; i < 20; i++) {
      try (TproxyRuntime r = TproxyRuntime.start(forwardTo("cycle", echo.addressText()),
          RuntimeOptions.builder().ioThreads(2).build())) {
        roundTrip(r.boundAddress("front"), "cycle " + i);
      }
    }
    Eventually.await("event loop threads are gone", () -> threadsNamed("tproxy-cycle") == 0);
  }

  @Test
  @SuppressWarnings("try") // closes the outer runtime early on purpose
  void runtimesRunSideBySideAndChain() {
    try (TproxyRuntime inner = TproxyRuntime.start(forwardTo("inner", echo.addressText()));
        TproxyRuntime outer = TproxyRuntime.start(forwardTo("outer",
            "127.0.0.1:" + inner.boundAddress("front").getPort()))) {
      roundTrip(outer.boundAddress("front"), "through two runtimes");
      assertThat(inner.counters("front").accepted()).isEqualTo(1);
      outer.close();
      roundTrip(inner.boundAddress("front"), "inner still runs");
    }
  }

  @Test
  void serviceTargetsUseTheAddressesReallyBound() {
    Topology t = Topology.builder("chain")
        .backend("echo", echo.addressText())
        .service(Service.builder("first").listen("127.0.0.1:0").listen("127.0.0.1:0").forward("second"))
        .service(Service.builder("second").listen("127.0.0.1:0").forward("echo"))
        .build();
    try (TproxyRuntime r = TproxyRuntime.start(t)) {
      assertThat(r.boundAddresses("first")).hasSize(2).allSatisfy(a -> assertThat(a.getPort()).isPositive());
      assertThat(r.boundAddresses("first").get(0)).isNotEqualTo(r.boundAddresses("first").get(1));
      roundTrip(r.boundAddresses("first").get(1), "hop hop");
      assertThat(r.counters("second").accepted()).isEqualTo(1);
      assertThatThrownBy(() -> r.boundAddress("nope")).hasMessageContaining("no service is named \"nope\"");
    }
  }

  @Test
  void embedderGroupIsUsedAndNotShutDown() {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, TproxyRuntime.ioHandlerFactory(TransportKind.EPOLL));
    try {
      for (int i = 0; i < 2; i++) {
        try (TproxyRuntime r = TproxyRuntime.start(forwardTo("embedded", echo.addressText()),
            RuntimeOptions.builder().eventLoopGroup(group).build())) {
          roundTrip(r.boundAddress("front"), "on the embedder's loops");
        }
        assertThat(group.isShuttingDown()).isFalse();
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void nioTransportWorksButRefusesTransparency() {
    EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (TproxyRuntime r = TproxyRuntime.start(forwardTo("nio", echo.addressText()),
        RuntimeOptions.builder().transport(TransportKind.NIO).build())) {
      roundTrip(r.boundAddress("front"), "over nio");
    }
    Topology transparent = Topology.builder("transparent")
        .network(Topologies.hiddenAddressOnLo())
        .backend("sshd", "192.168.255.254:22")
        .service(Service.builder("front").listen("127.0.0.1:0").transparent(true).forward("sshd"))
        .build();
    try {
      assertThatThrownBy(() -> TproxyRuntime.start(transparent, RuntimeOptions.builder().eventLoopGroup(nio).build()))
          .isInstanceOf(TproxyStartException.class)
          .hasMessageContaining("service \"front\" is transparent, which needs one of Linux's native transports, epoll or io_uring")
          .hasMessageContaining("NIO (the embedder's event loops)");
      assertThatThrownBy(() -> TproxyRuntime.start(transparent, RuntimeOptions.builder().transport(TransportKind.NIO).build()))
          .isInstanceOf(TproxyStartException.class)
          .hasMessageContaining("this runtime uses NIO");
    } finally {
      nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void closeStopsAcceptingDrainsOpenConnectionsThenClosesTheRest() throws Exception {
    TproxyRuntime r = TproxyRuntime.start(forwardTo("drain", echo.addressText()),
        RuntimeOptions.builder().drainTimeout(Duration.ofSeconds(10)).build());
    InetSocketAddress address = r.boundAddress("front");
    TestClient open = TestClient.connect(address);
    open.send("a");
    open.read(1);
    CompletableFuture<Void> closing = r.closeAsync();
    Eventually.await("the listener is closed", () -> refused(address));
    // the open connection still works while draining
    open.send("still here");
    assertThat(open.read(10)).isEqualTo("still here".getBytes(StandardCharsets.US_ASCII));
    assertThat(closing).isNotDone();
    open.close();
    closing.get(5, TimeUnit.SECONDS);
    assertThat(r.openConnections()).isZero();
  }

  @Test
  void connectionsStillOpenAfterTheDrainTimeoutAreClosed() throws Exception {
    TproxyRuntime r = TproxyRuntime.start(forwardTo("drain-timeout", echo.addressText()),
        RuntimeOptions.builder().drainTimeout(Duration.ofMillis(300)).build());
    try (TestClient open = TestClient.connect(r.boundAddress("front"))) {
      open.send("a");
      open.read(1);
      r.closeAsync();
      assertThat(open.timeUntilClosedByPeer(5000)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
      r.closeAsync().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aTakenPortFailsTheStartAndReleasesWhatWasBound() throws IOException {
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Topology t = Topology.builder("taken")
          .backend("echo", echo.addressText())
          .service(Service.builder("ok").listen("127.0.0.1:" + free).forward("echo"))
          .service(Service.builder("clash").listen("127.0.0.1:" + taken.getLocalPort()).forward("echo"))
          .build();
      assertThatThrownBy(() -> TproxyRuntime.start(t))
          .isInstanceOf(TproxyStartException.class)
          .hasMessageContaining("service \"clash\" cannot listen on 127.0.0.1:" + taken.getLocalPort());
      try (ServerSocket again = new ServerSocket(free, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).isEqualTo(free);
      }
    }
    Eventually.await("event loop threads are gone", () -> threadsNamed("tproxy-taken") == 0);
  }

  @Test
  void limitsThatCannotFitInTheFileDescriptorsAndUnreadableCertificatesAreRefusedAtStart() {
    Topology limited = Topology.builder("limited")
        .backend("echo", echo.addressText())
        .service(Service.builder("front").listen("127.0.0.1:0").maxConnections(50_000_000).forward("echo"))
        .build();
    assertThatThrownBy(() -> TproxyRuntime.start(limited))
        .isInstanceOf(TproxyStartException.class)
        .hasMessageContaining("max-connections (50000000 together) need about")
        .hasMessageContaining("but ulimit -n is");
    Topology terminating = Topology.builder("terminating")
        .backend("echo", echo.addressText())
        .service(Service.builder("tls").listen("127.0.0.1:0").tlsTerminate("echo", t -> t.certificate(
            java.nio.file.Path.of("/nonexistent/cert.pem"), java.nio.file.Path.of("/nonexistent/key.pem"))))
        .build();
    assertThatThrownBy(() -> TproxyRuntime.start(terminating))
        .isInstanceOf(TproxyStartException.class)
        .hasMessageContaining("service \"tls\" cannot terminate TLS")
        .hasMessageContaining("/nonexistent/cert.pem");
    Eventually.await("no certificate watcher thread is left", () -> threadsNamed("tproxy-terminating") == 0);
  }

  @Test
  void invalidTopologyIsRefused() {
    Topology invalid = Topology.builder("invalid")
        .service(Service.builder("front").listen("127.0.0.1:0").forward("nowhere"))
        .buildUnvalidated();
    assertThatThrownBy(() -> TproxyRuntime.start(invalid))
        .isInstanceOf(InvalidTopologyException.class)
        .hasMessageContaining("nowhere");
  }

  @Test
  void localModeMovesListenersToLoopbackAndTurnsTransparencyOff() throws IOException {
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    Topology production = Topology.builder("production")
        .network(Topologies.hiddenAddressOnLo())
        .backend("echo", echo.addressText())
        .service(Service.builder("front").listen("203.0.113.10:443").transparent(true).forward("echo"))
        .build();
    try (TproxyRuntime r = TproxyRuntime.start(production,
        RuntimeOptions.builder().localMode(true).localPortOffset(free - 443).transport(TransportKind.NIO).build())) {
      assertThat(r.boundAddress("front")).isEqualTo(new InetSocketAddress("127.0.0.1", free));
      roundTrip(r.boundAddress("front"), "local");
      Eventually.await("closed", () -> r.counters("front").closed() == 1);
      assertThat(r.counters("front").transparentKeptPort() + r.counters("front").transparentNewPortAfterConflict()
          + r.counters("front").transparentSkippedLocalClient()).isZero();
    }
  }

  private static boolean refused(InetSocketAddress address) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(address, 500);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
