package dev.tproxy.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Probe;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The binder on a live runtime: each meter reads the runtime's counters, and leaves with close(). */
class TproxyMetricsTest {
  @RegisterExtension @Order(1) static final TestBackend ssh = new TestBackend("ssh", TestBackend.announceAndEcho("ssh"));
  @RegisterExtension @Order(1) static final TestBackend http = new TestBackend("http", TestBackend.echo());

  private static Topology demux(String name) {
    return Topology.builder(name)
        .backend("ssh", ssh.addressText())
        .backend("http", http.addressText())
        .service(Service.builder("front").listen("127.0.0.1:0").engine(EngineKind.TPROXY)
            .demux(d -> d.rule(Probe.SSH, "ssh").rule(Probe.HTTP, "http").probeTimeout(Duration.ofMillis(300)).onTimeout("ssh")))
        .service(Service.builder("plain").listen("127.0.0.1:0").engine(EngineKind.TPROXY).forward("http"))
        .build();
  }

  private static TproxyRuntime start(String name) {
    return TproxyRuntime.start(demux(name), RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200)).build());
  }

  private static double count(MeterRegistry r, String name, String... tags) {
    return r.get(name).tags(tags).functionCounter().count();
  }

  @Test
  void metersReadTheCountersOfEachServiceAndRoute() {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (TproxyRuntime runtime = start("metrics-test"); TproxyMetrics metrics = new TproxyMetrics(runtime)) {
      metrics.bindTo(registry);
      byte[] request = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      try (TestClient c = TestClient.connect(runtime.boundAddress("front"))) {
        c.send(request);
        assertThat(c.read(request.length)).isEqualTo(request);
      }
      try (TestClient silent = TestClient.connect(runtime.boundAddress("front"))) {
        assertThat(silent.readLine()).startsWith("BACKEND ssh"); // the probe timeout's route
      }
      Eventually.await("both closed", () -> runtime.counters("front").closed() == 2);

      String[] front = {"topology", "metrics-test", "service", "front"};
      assertThat(count(registry, "tproxy.connections.accepted", front)).isEqualTo(2);
      assertThat(registry.get("tproxy.connections.active").tags(front).gauge().value()).isZero();
      assertThat(count(registry, "tproxy.connections.closed", front)).isEqualTo(2);
      assertThat(count(registry, "tproxy.connections.refused", front)).isZero();
      assertThat(count(registry, "tproxy.connections.routed", "service", "front", "target", "http", "reason", "probe")).isEqualTo(1);
      assertThat(count(registry, "tproxy.connections.routed", "service", "front", "target", "ssh", "reason", "timeout")).isEqualTo(1);
      assertThat(count(registry, "tproxy.connections.routed", "service", "front", "target", "ssh", "reason", "probe")).isZero();
      // the demux stage's last rule, http, is its default: listed from start
      assertThat(count(registry, "tproxy.connections.routed", "service", "front", "target", "http", "reason", "default")).isZero();
      assertThat(registry.find("tproxy.connections.routed").tag("service", "front").meters()).hasSize(4);
      assertThat(count(registry, "tproxy.bytes", "service", "front", "direction", "from_client"))
          .isEqualTo(runtime.counters("front").bytesFromClients()).isGreaterThanOrEqualTo(request.length);
      assertThat(count(registry, "tproxy.bytes", "service", "front", "direction", "to_client"))
          .isEqualTo(runtime.counters("front").bytesToClients()).isGreaterThan(request.length);
      assertThat(count(registry, "tproxy.upstream.binds", "service", "front", "outcome", "not_transparent")).isEqualTo(2);
      assertThat(count(registry, "tproxy.upstream.binds", "service", "front", "outcome", "client_port")).isZero();
      assertThat(count(registry, "tproxy.upstream.connect.failures", "service", "front", "target", "http")).isZero();

      FunctionTimer connects = registry.get("tproxy.upstream.connect").tags("service", "front", "target", "http").functionTimer();
      assertThat(connects.count()).isEqualTo(1);
      assertThat(connects.totalTime(TimeUnit.NANOSECONDS)).isPositive();
      FunctionTimer decisions = registry.get("tproxy.route.decision").tags(front).functionTimer();
      assertThat(decisions.count()).isEqualTo(2);
      // the timeout decision alone waited for the probe timeout
      assertThat(decisions.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(300);

      // a forward stage has no decision to time; no service here terminates TLS or reads PROXY headers
      assertThat(registry.find("tproxy.route.decision").tag("service", "plain").meters()).isEmpty();
      assertThat(registry.find("tproxy.connections.routed").tag("service", "plain").meters())
          .extracting(m -> m.getId().getTag("target") + "/" + m.getId().getTag("reason")).containsExactly("http/forward");
      assertThat(registry.find("tproxy.tls.handshakes").meters()).isEmpty();
      assertThat(registry.find("tproxy.proxy.header.errors").meters()).isEmpty();
    }
    assertThat(registry.getMeters()).as("close() removed every meter").isEmpty();
  }

  @Test
  void refreshIsIdempotentAndTwoRuntimesShareARegistryByTheirTopologyTag() {
    MeterRegistry registry = new SimpleMeterRegistry();
    try (TproxyRuntime a = start("first"); TproxyRuntime b = start("second");
        TproxyMetrics ma = new TproxyMetrics(a, Tags.of("instance", "test")); TproxyMetrics mb = new TproxyMetrics(b)) {
      ma.bindTo(registry);
      mb.bindTo(registry);
      List<Meter.Id> before = ids(registry);
      ma.refresh();
      mb.refresh();
      ma.bindTo(registry);
      assertThat(ids(registry)).containsExactlyInAnyOrderElementsOf(before);
      assertThat(ma.services()).containsExactlyInAnyOrder("front", "plain");
      assertThat(registry.get("tproxy.connections.accepted").tags("topology", "first", "instance", "test", "service", "front")
          .functionCounter()).isNotNull();

      assertThatThrownBy(() -> ma.bindTo(new SimpleMeterRegistry())).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("CompositeMeterRegistry");

      ma.close();
      assertThat(registry.getMeters()).isNotEmpty()
          .allSatisfy(m -> assertThat(m.getId().getTag("topology")).isEqualTo("second"));
      ma.refresh(); // closed: nothing comes back
      assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("topology")).isEqualTo("second"));
    }
  }

  private static List<Meter.Id> ids(MeterRegistry registry) {
    return registry.getMeters().stream().map(Meter::getId).collect(Collectors.toList());
  }

  static Set<String> servicesOf(MeterRegistry registry) {
    return registry.getMeters().stream().map(m -> m.getId().getTag("service")).collect(Collectors.toSet());
  }
}
