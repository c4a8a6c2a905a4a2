package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import dev.tproxy.runtime.testing.TproxyExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Forwarding on loopback: server-speaks-first, half-close, connect and idle failures. */
class ForwardTest {

  @RegisterExtension @Order(1) static final TestBackend banner = new TestBackend("banner", TestBackend.announceAndEcho("banner"));
  @RegisterExtension @Order(1) static final TestBackend replyAtEnd = new TestBackend("reply", TestBackend.replyAtEndOfInput());
  @RegisterExtension @Order(1) static final TestBackend closesFirst = new TestBackend("closes-first", (s, c) -> {
    s.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
    s.shutdownOutput();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      c.receive(buf, n);
    }
  });
  /** Reads until the client's end of data, then answers with 8 MiB. */
  @RegisterExtension @Order(1) static final TestBackend bigReply = new TestBackend("big-reply", (s, c) -> {
    s.getInputStream().readAllBytes();
    byte[] chunk = new byte[65536];
    for (int i = 0; i < 128; i++) {
      s.getOutputStream().write(chunk);
      c.addSent(chunk.length);
    }
  });
  @RegisterExtension @Order(1) static final TestBackend silent = new TestBackend("silent", TestBackend.silent());

  static final List<Socket> queueFillers = new ArrayList<>();
  /** A listener whose accept queue is full: connects to it hang in SYN-SENT. */
  static final ServerSocket unanswering = fullAcceptQueue();
  static final int refusingPort = closedPort();

  @RegisterExtension @Order(2)
  static final TproxyExtension proxy = new TproxyExtension() {
    @Override
    protected Topology topology() {
      return Topology.builder("forward-test")
          .backend("banner", banner.addressText())
          .backend("reply", replyAtEnd.addressText())
          .backend("closes-first", closesFirst.addressText())
          .backend("silent", silent.addressText())
          .backend("big-reply", bigReply.addressText())
          .backend("refusing", "127.0.0.1:" + refusingPort)
          .backend("unanswering", "127.0.0.1:" + unanswering.getLocalPort())
          .service(Service.builder("to-banner").listen("127.0.0.1:0").forward("banner"))
          .service(Service.builder("half").listen("127.0.0.1:0").halfClose(true).forward("reply"))
          .service(Service.builder("half-reverse").listen("127.0.0.1:0").halfClose(true).forward("closes-first"))
          .service(Service.builder("half-big").listen("127.0.0.1:0").halfClose(true).forward("big-reply"))
          .service(Service.builder("no-half").listen("127.0.0.1:0").forward("reply"))
          .service(Service.builder("to-refusing").listen("127.0.0.1:0").forward("refusing"))
          .service(Service.builder("to-unanswering").listen("127.0.0.1:0")
              .connectTimeout(Duration.ofMillis(300)).forward("unanswering"))
          .service(Service.builder("idle").listen("127.0.0.1:0").idleTimeout(Duration.ofMillis(300)).forward("silent"))
          .build();
    }
  };

  @AfterAll
  static void closeSockets() throws IOException {
    for (Socket s : queueFillers) {
      s.close();
    }
    unanswering.close();
  }

  @Test
  void forwardConnectsAtOnceSoTheServerCanSpeakFirst() {
    try (TestClient c = proxy.connect("to-banner")) {
      assertThat(c.readLine()).startsWith("BACKEND banner peer=127.0.0.1:");
      c.send("ping");
      assertThat(c.read(4)).isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void clientThatEndsItsDataStillGetsTheReply() {
    try (TestClient c = proxy.connect("half")) {
      c.send("hello").endOutput();
      assertThat(new String(c.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("got 5 bytes");
    }
  }

  /**
   * After the client's end of data the runtime must still be able to wait for the client's
   * socket to drain (EPOLLOUT) while relaying a large reply; Netty 4.2.18 in level-triggered
   * mode loses the socket from epoll at that point (see Transport#connectionOptions).
   */
  @Test
  void halfClosedClientStillReceivesALargeReplyAtItsOwnPace() {
    try (TestClient c = proxy.connect("half-big")) {
      c.send("request").endOutput();
      TestBackend.sleep(300); // let the reply fill every buffer on the way
      assertThat(c.readToEnd()).hasSize(128 * 65536);
    }
  }

  @Test
  void serverThatEndsItsDataStillGetsTheClientsBytes() {
    int before = closesFirst.connections().size();
    try (TestClient c = proxy.connect("half-reverse")) {
      assertThat(new String(c.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("bye\n");
      c.send("late words").endOutput();
      TestBackend.Connection conn = closesFirst.awaitConnections(before + 1, Duration.ofSeconds(5)).get(before);
      Eventually.await("the backend got the late bytes",
          () -> new String(conn.received(), StandardCharsets.US_ASCII).equals("late words"));
    }
  }

  @Test
  void withoutHalfCloseTheEndOfDataClosesBothSides() {
    try (TestClient c = proxy.connect("no-half")) {
      c.send("hello").endOutput();
      assertThat(c.readToEnd()).isEmpty();
    }
  }

  @Test
  void refusedConnectClosesTheClientAndCounts() {
    long before = proxy.counters("to-refusing").connectFailures();
    try (TestClient c = proxy.connect("to-refusing")) {
      assertThat(c.isClosedByPeer(3000)).isTrue();
    }
    Eventually.await("counted", () -> proxy.counters("to-refusing").connectFailures() == before + 1);
  }

  /**
   * Each refused connect must give its socket back: Netty leaves a channel whose connect failed
   * open (Bootstrap closes it), and the runtime once leaked a file descriptor per refusal, until
   * a backend down for a minute had used up {@code ulimit -n}.
   */
  @Test
  void refusedConnectsLeakNoFileDescriptor() {
    long before = openFileDescriptors();
    for (int i = 0; i < 200; i++) {
      try (TestClient c = proxy.connect("to-refusing")) {
        assertThat(c.isClosedByPeer(3000)).isTrue();
      }
    }
    // 200 leaked descriptors if each refused upstream socket stays open; a few come and go anyway.
    Eventually.await("file descriptors back near " + before + " after 200 refused connects",
        () -> openFileDescriptors() < before + 40);
  }

  private static long openFileDescriptors() {
    return ((com.sun.management.UnixOperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getOpenFileDescriptorCount();
  }

  @Test
  void unansweredConnectTimesOut() {
    long before = proxy.counters("to-unanswering").connectFailures();
    try (TestClient c = proxy.connect("to-unanswering")) {
      assertThat(c.timeUntilClosedByPeer(5000)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
    Eventually.await("counted", () -> proxy.counters("to-unanswering").connectFailures() == before + 1);
  }

  @Test
  void idleConnectionIsClosed() {
    try (TestClient c = proxy.connect("idle")) {
      c.send("x");
      assertThat(c.timeUntilClosedByPeer(5000)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Fills the accept queue of a never-accepting listener until a connect no longer completes:
   * Linux then drops further SYNs, which is what a backend that does not answer looks like.
   */
  private static ServerSocket fullAcceptQueue() {
    try {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1);
      for (int i = 0; i < 64; i++) {
        Socket filler = new Socket();
        try {
          filler.connect(s.getLocalSocketAddress(), 200);
          queueFillers.add(filler);
        } catch (SocketTimeoutException full) {
          filler.close();
          return s;
        }
      }
      throw new IllegalStateException("the accept queue never filled up");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
