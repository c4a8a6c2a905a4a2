package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.TestBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * [::]:P and 0.0.0.0:P are two listeners, as in sslh and nginx (IPv6 sockets are V6ONLY) and as
 * validation allows: each family reaches its own service. io_uring's listening sockets are all
 * IPv6 sockets in Netty 4.2.18, so there a 0.0.0.0 listener turns IPv6 clients away itself.
 */
class Ipv6OnlyListenerTest {

  @ParameterizedTest
  @EnumSource(value = TransportKind.class, names = {"EPOLL", "AUTO"})
  void ipv4AndIpv6WildcardsOnOnePortAreTwoServices(TransportKind transport) throws Exception {
    int port = freePort();
    try (TestBackend v4 = new TestBackend("v4", TestBackend.announceAndEcho("v4")).start();
        TestBackend v6 = new TestBackend("v6", TestBackend.announceAndEcho("v6")).start()) {
      try (TproxyRuntime runtime = TproxyRuntime.start(dual(port, v4, v6), RuntimeOptions.builder().transport(transport).build())) {
        assertThat(firstLine("127.0.0.1", port)).startsWith("BACKEND v4 ");
        assertThat(firstLine("::1", port)).startsWith("BACKEND v6 ");
      }
    }
  }

  @Test
  void ioUringAskedForRefusesTwoWildcardsOnOnePortAndSaysWhy() throws Exception {
    int port = freePort();
    try (TestBackend v4 = new TestBackend("v4", TestBackend.announceAndEcho("v4")).start();
        TestBackend v6 = new TestBackend("v6", TestBackend.announceAndEcho("v6")).start()) {
      assertThatThrownBy(() -> TproxyRuntime.start(dual(port, v4, v6),
          RuntimeOptions.builder().transport(TransportKind.IO_URING).build()))
          .isInstanceOf(TproxyStartException.class)
          .hasMessage("0.0.0.0:" + port + " (service \"four\") and [::]:" + port + " (service \"six\"): on IO_URING a"
              + " 0.0.0.0 listener is a dual-stack socket (Netty 4.2.18), so these two cannot be bound apart;"
              + " use the EPOLL transport");
    }
  }

  @Test
  void ioUringIpv4WildcardServesIpv4AndTurnsIpv6ClientsAway() throws Exception {
    int port = freePort();
    try (TestBackend v4 = new TestBackend("v4", TestBackend.announceAndEcho("v4")).start()) {
      Topology t = Topology.builder("four-only")
          .backend("b4", v4.addressText())
          .service(Service.builder("four").listen("0.0.0.0:" + port).forward("b4"))
          .build();
      try (TproxyRuntime runtime = TproxyRuntime.start(t, RuntimeOptions.builder().transport(TransportKind.IO_URING).build())) {
        assertThat(firstLine("127.0.0.1", port)).startsWith("BACKEND v4 ");
        // Accepted by the dual-stack socket, then closed unread (end of stream, or a reset since
        // the client's bytes were never read), and no backend connection.
        try (Socket s = new Socket("::1", port)) {
          s.setSoTimeout(5000);
          s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
          assertThat(readOrReset(s)).isEqualTo(-1);
        }
        assertThat(v4.connections()).hasSize(1);
      }
    }
  }

  private static Topology dual(int port, TestBackend v4, TestBackend v6) {
    return Topology.builder("dual")
        .backend("b4", v4.addressText())
        .backend("b6", v6.addressText())
        .service(Service.builder("four").listen("0.0.0.0:" + port).forward("b4"))
        .service(Service.builder("six").listen("[::]:" + port).forward("b6"))
        .build();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static int readOrReset(Socket s) throws Exception {
    try {
      return s.getInputStream().read();
    } catch (java.net.SocketException e) {
      assertThat(e).hasMessageContaining("reset");
      return -1;
    }
  }

  private static String firstLine(String host, int port) throws Exception {
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }
}
