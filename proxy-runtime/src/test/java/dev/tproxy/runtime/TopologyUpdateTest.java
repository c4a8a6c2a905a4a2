package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.model.InvalidTopologyException;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TproxyRuntime#update}: what changes and what stays, refusals that change nothing, removed
 * services draining, and listeners that keep their socket.
 */
class TopologyUpdateTest {
  static final TestBackend one = new TestBackend("one", TestBackend.announceAndEcho("one"));
  static final TestBackend two = new TestBackend("two", TestBackend.announceAndEcho("two"));

  @BeforeAll
  static void startBackends() {
    one.start();
    two.start();
  }

  @AfterAll
  static void stopBackends() {
    one.close();
    two.close();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** front on {@code port} forwards to the backend named {@code to}; {@code extra} adds a second service. */
  static Topology frontTo(int port, String to, boolean extra, int extraPort) {
    Topology.Builder b = Topology.builder("update")
        .backend("one", one.addressText())
        .backend("two", two.addressText())
        .service(Service.builder("front").listen("127.0.0.1:" + port).forward(to));
    if (extra) {
      b.service(Service.builder("extra").listen("127.0.0.1:" + extraPort).forward("one"));
    }
    return b.build();
  }

  /** Connects and reads the backend's announcement: the name of the backend reached. */
  static String reached(InetSocketAddress address) {
    try (TestClient c = TestClient.connect(address)) {
      return c.readLine().split(" ")[1];
    }
  }

  static String reached(TestClient c) {
    return c.readLine().split(" ")[1];
  }

  static void echoes(TestClient c, String text) {
    c.send(text);
    assertThat(new String(c.read(text.length()), StandardCharsets.US_ASCII)).isEqualTo(text);
  }

  static InetSocketAddress at(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  @Test
  void aChangedServiceKeepsItsSocketAndOpenConnectionsKeepTheirRoute() {
    int port = freePort();
    int extraPort = freePort();
    try (TproxyRuntime r = TproxyRuntime.start(frontTo(port, "one", false, 0));
        TestClient before = TestClient.connect(at(port))) {
      assertThat(reached(before)).isEqualTo("one");

      TopologyChange change = r.update(frontTo(port, "two", true, extraPort));

      assertThat(change.services()).extracting(TopologyChange.ServiceChange::toString).containsExactly(
          "service \"front\": changed (forward stage)",
          "service \"extra\": added (listening on 127.0.0.1:" + extraPort + ")");
      assertThat(reached(at(port))).as("a new connection takes the new route").isEqualTo("two");
      assertThat(reached(at(extraPort))).isEqualTo("one");
      echoes(before, "the open connection still reaches one");
      assertThat(r.counters("front").accepted()).as("counters carry on").isEqualTo(2);
      assertThat(r.serviceNames()).containsExactly("front", "extra");
      assertThat(r.topology().service("extra")).isPresent();
    }
  }

  @Test
  void anUnchangedTopologyChangesNothing() {
    int port = freePort();
    Topology t = frontTo(port, "one", false, 0);
    try (TproxyRuntime r = TproxyRuntime.start(t)) {
      TopologyChange change = r.update(frontTo(port, "one", false, 0));
      assertThat(change.changesAnything()).isFalse();
      assertThat(change.servicesOf(TopologyChange.Kind.UNCHANGED)).containsExactly("front");
      assertThat(reached(at(port))).isEqualTo("one");
    }
  }

  @Test
  void anInvalidTopologyIsRefusedAndTheOldOneKeepsRunning() {
    int port = freePort();
    try (TproxyRuntime r = TproxyRuntime.start(frontTo(port, "one", false, 0))) {
      Topology invalid = Topology.builder("update")
          .service(Service.builder("front").listen("127.0.0.1:" + port).forward("nowhere"))
          .buildUnvalidated();
      assertThatThrownBy(() -> r.update(invalid)).isInstanceOf(InvalidTopologyException.class)
          .hasMessageContaining("nowhere");
      assertThat(reached(at(port))).isEqualTo("one");
      assertThat(r.topology().service("front").orElseThrow().stage().targets().get(0).name()).isEqualTo("one");
    }
  }

  @Test
  void aTakenPortRefusesTheUpdateAndReleasesWhatItHadBound() throws IOException {
    int port = freePort();
    int free = freePort();
    try (TproxyRuntime r = TproxyRuntime.start(frontTo(port, "one", false, 0));
        ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Topology next = Topology.builder("update")
          .backend("one", one.addressText())
          .service(Service.builder("front").listen("127.0.0.1:" + port).forward("one"))
          .service(Service.builder("a").listen("127.0.0.1:" + free).forward("one"))
          .service(Service.builder("b").listen("127.0.0.1:" + taken.getLocalPort()).forward("one"))
          .build();
      assertThatThrownBy(() -> r.update(next)).isInstanceOf(TproxyStartException.class)
          .hasMessageContaining("service \"b\" cannot listen on 127.0.0.1:" + taken.getLocalPort());
      try (ServerSocket again = new ServerSocket(free, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).as("the refused update's own listener is closed").isEqualTo(free);
      }
      assertThat(r.serviceNames()).containsExactly("front");
      assertThat(reached(at(port))).isEqualTo("one");
    }
  }

  @Test
  void aRemovedServiceStopsAcceptingAndItsConnectionsDrain() {
    int port = freePort();
    int extraPort = freePort();
    RuntimeOptions options = RuntimeOptions.builder().drainTimeout(Duration.ofMillis(700)).build();
    try (TproxyRuntime r = TproxyRuntime.start(frontTo(port, "one", true, extraPort), options);
        TestClient open = TestClient.connect(at(extraPort))) {
      assertThat(reached(open)).isEqualTo("one");

      TopologyChange change = r.update(frontTo(port, "one", false, 0));

      assertThat(change.services()).extracting(TopologyChange.ServiceChange::toString)
          .containsExactly("service \"front\": unchanged",
              "service \"extra\": removed (1 open connection(s) may finish within 700ms)");
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), extraPort).close())
          .as("the removed service's listener is closed").isInstanceOf(IOException.class);
      echoes(open, "still served while draining");
      assertThat(open.isClosedByPeer(5_000)).as("closed once the drain timeout passed").isTrue();
      Eventually.await("no connection left open", () -> r.openConnections() == 0);
    }
  }

  @Test
  void aListenerThatMovesToAnotherServiceKeepsItsSocket() {
    int port = freePort();
    int otherPort = freePort();
    try (TproxyRuntime r = TproxyRuntime.start(frontTo(port, "one", false, 0))) {
      Topology swapped = Topology.builder("update")
          .backend("two", two.addressText())
          .service(Service.builder("renamed").listen("127.0.0.1:" + port).forward("two"))
          .service(Service.builder("front").listen("127.0.0.1:" + otherPort).forward("two"))
          .build();
      TopologyChange change = r.update(swapped);
      assertThat(change.servicesOf(TopologyChange.Kind.ADDED)).containsExactly("renamed");
      assertThat(change.servicesOf(TopologyChange.Kind.CHANGED)).containsExactly("front");
      assertThat(reached(at(port))).isEqualTo("two");
      assertThat(reached(at(otherPort))).isEqualTo("two");
      assertThat(r.counters("renamed").accepted()).isEqualTo(1);
    }
  }

  /**
   * Connections opened one after another while the topology changes back and forth: none is
   * refused or reset, and each reaches one of the two backends. (This counts outcomes; it measures
   * no time.)
   */
  @Test
  void noNewConnectionIsRefusedWhileTheTopologyChanges() throws Exception {
    int port = freePort();
    try (TproxyRuntime r = TproxyRuntime.start(frontTo(port, "one", false, 0))) {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger served = new AtomicInteger();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> {
          while (running.get()) {
            try {
              String name = reached(at(port));
              if (!name.equals("one") && !name.equals("two")) {
                failures.add("reached " + name);
              }
              served.incrementAndGet();
            } catch (RuntimeException e) {
              failures.add(e.toString());
            }
          }
        });
        t.start();
        clients.add(t);
      }
      int updates = 0;
      for (; updates < 40; updates++) {
        r.update(frontTo(port, updates % 2 == 0 ? "two" : "one", updates % 3 == 0, freePort()));
      }
      running.set(false);
      for (Thread t : clients) {
        t.join();
      }
      assertThat(failures).as("connections that failed during %d updates (%d served)", updates, served.get()).isEmpty();
      assertThat(served.get()).isPositive();
    }
  }

  @Test
  void onlyTheNamedServicesRunAndTheOthersAreReachedWhereTheTopologySays() throws IOException {
    int middle;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      middle = probe.getLocalPort();
    }
    // "mid" runs elsewhere: a stand-in listens where the topology says it does.
    try (TestBackend elsewhere = new TestBackend("mid-elsewhere", InetAddress.getLoopbackAddress(),
        TestBackend.announceAndEcho("mid-elsewhere"), middle).start()) {
      Topology t = Topology.builder("partial")
          .backend("one", one.addressText())
          .service(Service.builder("front").listen("127.0.0.1:0").forward("mid"))
          .service(Service.builder("mid").listen("127.0.0.1:" + middle).forward("one"))
          .build();
      try (TproxyRuntime r = TproxyRuntime.start(t, RuntimeOptions.builder().onlyServices(List.of("front")).build())) {
        assertThat(r.serviceNames()).containsExactly("front");
        assertThat(reached(r.boundAddress("front"))).isEqualTo("mid-elsewhere");
      }
      assertThatThrownBy(() -> TproxyRuntime.start(t, RuntimeOptions.builder().onlyServices(List.of("nope")).build()))
          .isInstanceOf(TproxyStartException.class)
          .hasMessage("no service is named \"nope\" (asked to run it); the services are [front, mid]");
    }
  }

  @Test
  void anUpdateCanNameOtherServicesToRun() {
    int port = freePort();
    int extraPort = freePort();
    Topology both = frontTo(port, "one", true, extraPort);
    try (TproxyRuntime r = TproxyRuntime.start(both, RuntimeOptions.builder().onlyServices(List.of("front")).build())) {
      assertThat(r.serviceNames()).containsExactly("front");
      assertThat(r.update(both).changesAnything()).as("the same services as before").isFalse();
      TopologyChange change = r.update(both, List.of());
      assertThat(change.servicesOf(TopologyChange.Kind.ADDED)).containsExactly("extra");
      assertThat(reached(at(extraPort))).isEqualTo("one");
    }
  }
}
