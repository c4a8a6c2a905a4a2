package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.TestBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * [::]:P and 0.0.0.0:P are two listeners, as in sslh and nginx (IPv6 sockets are V6ONLY) and as
 * validation allows: each family reaches its own service.
 */
class Ipv6OnlyListenerTest {

  @Test
  void ipv4AndIpv6WildcardsOnOnePortAreTwoServices() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (TestBackend v4 = new TestBackend("v4", TestBackend.announceAndEcho("v4")).start();
        TestBackend v6 = new TestBackend("v6", TestBackend.announceAndEcho("v6")).start()) {
      Topology t = Topology.builder("dual")
          .backend("b4", v4.addressText())
          .backend("b6", v6.addressText())
          .service(Service.builder("four").listen("0.0.0.0:" + port).forward("b4"))
          .service(Service.builder("six").listen("[::]:" + port).forward("b6"))
          .build();
      try (TproxyRuntime runtime = TproxyRuntime.start(t, RuntimeOptions.builder().transport(TransportKind.EPOLL).build())) {
        assertThat(firstLine("127.0.0.1", port)).startsWith("BACKEND v4 ");
        assertThat(firstLine("::1", port)).startsWith("BACKEND v6 ");
      }
    }
  }

  private static String firstLine(String host, int port) throws Exception {
    try (Socket s = new Socket(host, port)) {
      s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }
}
