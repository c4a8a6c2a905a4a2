package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.ClientHellos;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.LogLines;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** max-connections of a service (checked at accept) and of a route (checked once the stage chose it). */
class ConnectionLimitTest {
  @RegisterExtension
  static final TestBackend sshd = new TestBackend("sshd", TestBackend.announceAndEcho("sshd"));
  @RegisterExtension
  static final TestBackend web = new TestBackend("web", TestBackend.announceAndEcho("web"));

  private static TproxyRuntime start(Topology t, LogLines logs) {
    return TproxyRuntime.start(t, RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200)).connectionLog(logs).build());
  }

  @Test
  void moreClientsThanTheServiceAllowsAreClosedAtOnceAndAPlaceFreesWhenOneLeaves() throws java.io.IOException {
    LogLines logs = new LogLines();
    Topology t = Topology.builder("limit")
        .backend("sshd", sshd.addressText())
        .service(Service.builder("front").listen("127.0.0.1:0").maxConnections(4).forward("sshd"))
        .build();
    try (TproxyRuntime r = start(t, logs)) {
      List<TestClient> served = new ArrayList<>();
      int refused = 0;
      for (int i = 0; i < 10; i++) {
        TestClient c = TestClient.connect(r.boundAddress("front")).readTimeout(2000);
        byte[] first = c.socket().getInputStream().readNBytes(7);
        if (first.length == 0) {
          refused++; // closed before a byte
          c.close();
        } else {
          assertThat(new String(first, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("BACKEND");
          served.add(c);
        }
      }
      assertThat(served).hasSize(4);
      assertThat(refused).isEqualTo(6);
      assertThat(r.counters("front").refusedByLimit()).isEqualTo(6);
      logs.await("route none upstream none", "closed max-connections 4 of service front reached, closed at once");
      served.remove(0).close();
      Eventually.await("a place is free", () -> r.counters("front").active() == 3);
      try (TestClient again = TestClient.connect(r.boundAddress("front"))) {
        assertThat(again.readLine()).startsWith("BACKEND sshd");
      }
      served.forEach(TestClient::close);
    }
  }

  @Test
  void aDemuxRuleLimitRefusesAfterProbingAndLeavesOtherRulesAlone() {
    LogLines logs = new LogLines();
    Topology t = Topology.builder("route-limit")
        .backend("sshd", sshd.addressText())
        .backend("web", web.addressText())
        .service(Service.builder("front").listen("127.0.0.1:0").demux(d -> d
            .rule(ProbeRule.of(Probe.SSH, "sshd").withMaxConnections(1))
            .rule(Probe.ANYPROT, "web")))
        .build();
    try (TproxyRuntime r = start(t, logs); TestClient first = TestClient.connect(r.boundAddress("front"))) {
      first.send("SSH-2.0-first\r\n");
      assertThat(first.readLine()).startsWith("BACKEND sshd");
      try (TestClient second = TestClient.connect(r.boundAddress("front"))) {
        second.send("SSH-2.0-second\r\n");
        assertThat(second.isClosedByPeer(2000)).isTrue();
      }
      logs.await("route probe ssh -> sshd (refused)", "max-connections 1 of service front route probe ssh -> sshd reached");
      try (TestClient other = TestClient.connect(r.boundAddress("front"))) {
        other.send("GET / HTTP/1.0\r\n\r\n");
        assertThat(other.readLine()).startsWith("BACKEND web");
      }
      assertThat(r.counters("front").refusedByLimit()).isEqualTo(1);
      assertThat(r.counters("front").routedTo("sshd")).isEqualTo(1);
    }
  }

  @Test
  void anSniRouteLimitCountsItsOwnConnections() {
    LogLines logs = new LogLines();
    Topology t = Topology.builder("sni-limit")
        .backend("sshd", sshd.addressText())
        .backend("web", web.addressText())
        .service(Service.builder("router").listen("127.0.0.1:0").sniRoute("web", s -> s
            .rule(SniRule.serverNames(List.of("t2.example.test"), "sshd").withMaxConnections(1))))
        .build();
    try (TproxyRuntime r = start(t, logs); TestClient first = TestClient.connect(r.boundAddress("router"))) {
      first.send(ClientHellos.jdk("t2.example.test"));
      assertThat(first.readLine()).startsWith("BACKEND sshd");
      try (TestClient second = TestClient.connect(r.boundAddress("router"))) {
        second.send(ClientHellos.jdk("T2.example.test"));
        assertThat(second.isClosedByPeer(2000)).isTrue();
      }
      logs.await("sni t2.example.test -> sshd (refused)");
      try (TestClient other = TestClient.connect(r.boundAddress("router"))) {
        other.send(ClientHellos.jdk("t1.example.test"));
        assertThat(other.readLine()).startsWith("BACKEND web");
      }
    }
  }
}
