package dev.tproxy.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.it.support.FreePorts;
import dev.tproxy.it.support.Prometheus;
import dev.tproxy.runtime.ServiceCounters;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.RunTask;
import dev.tproxy.tasks.observe.LogFormat;
import dev.tproxy.tasks.observe.MetricsAddress;
import dev.tproxy.tasks.observe.Observability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --metrics-address} as Prometheus sees it: Debian's Prometheus scrapes the launcher's
 * endpoint every second while connections go through a demux port, and its query API then has
 * the accepted connections, the routes by target and reason, and the bytes, as the runtime
 * counted them.
 */
class PrometheusScrapeIT {
  @TempDir Path dir;

  private static final Reporter QUIET = new Reporter() {
    @Override
    public void info(String line) {}

    @Override
    public void warn(String line) {
      System.err.println(line);
    }

    @Override
    public void error(String line) {
      System.err.println(line);
    }
  };

  @Test
  void prometheusScrapesTheRunsCountersByServiceTargetAndReason() throws Exception {
    try (TestBackend web = new TestBackend("web", TestBackend.echo()).start();
        TestBackend ssh = new TestBackend("ssh", TestBackend.announceAndEcho("ssh")).start()) {
      Path topology = Files.writeString(dir.resolve("tproxy.yaml"), """
          name: scraped
          backends:
            - {name: web, address: "%s"}
            - {name: ssh, address: "%s"}
          services:
            - name: front
              listen: ["127.0.0.1:0"]
              demux:
                probe-timeout: 10s
                on-timeout: ssh
                rules:
                  - {probe: ssh, target: ssh}
                  - {probe: http, target: web}
          """.formatted(web.addressText(), ssh.addressText()));
      List<Integer> ports = FreePorts.take(2);
      Observability metrics = new Observability(
          Optional.of(MetricsAddress.parse("127.0.0.1:" + ports.get(0), "--metrics-address")), LogFormat.TEXT);
      try (RunTask.Running running = RunTask.start(
              new RunTask.Parameters(topology, "<topology>", false, null, false, dir.resolve("work")),
              RunTask.Tuning.DEFAULT, metrics, QUIET);
          Prometheus prometheus = Prometheus.start(dir.resolve("prometheus"), "127.0.0.1:" + ports.get(0), ports.get(1))) {
        byte[] request = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
          try (TestClient c = TestClient.connect(running.runtime().boundAddress("front"))) {
            c.send(request);
            assertThat(c.read(request.length)).isEqualTo(request);
          }
        }
        for (int i = 0; i < 2; i++) {
          try (TestClient c = TestClient.connect(running.runtime().boundAddress("front"))) {
            c.send("SSH-2.0-scrape\r\n");
            assertThat(c.readLine()).startsWith("BACKEND ssh");
          }
        }
        ServiceCounters counters = running.runtime().counters("front");
        Eventually.await("5 connections closed", () -> counters.closed() == 5);

        Eventually.await("Prometheus scraped all 5 connections; its log:\n" + prometheus.log(), Duration.ofSeconds(60),
            () -> prometheus.query("tproxy_connections_accepted_total").equals(Map.of("service=front,topology=scraped", 5.0)));

        assertThat(prometheus.query("up")).containsEntry("", 1.0);
        assertThat(prometheus.query("tproxy_connections_routed_total"))
            .containsEntry("reason=probe,service=front,target=web,topology=scraped", 3.0)
            .containsEntry("reason=probe,service=front,target=ssh,topology=scraped", 2.0)
            .containsEntry("reason=timeout,service=front,target=ssh,topology=scraped", 0.0)
            .containsEntry("reason=default,service=front,target=web,topology=scraped", 0.0)
            .hasSize(4);
        assertThat(prometheus.query("tproxy_bytes_total")).isEqualTo(Map.of(
            "direction=from_client,service=front,topology=scraped", (double) counters.bytesFromClients(),
            "direction=to_client,service=front,topology=scraped", (double) counters.bytesToClients()));
        assertThat(counters.bytesFromClients()).isEqualTo(3L * request.length + 2L * "SSH-2.0-scrape\r\n".length());
        assertThat(prometheus.query("tproxy_connections_active")).isEqualTo(Map.of("service=front,topology=scraped", 0.0));
        assertThat(prometheus.query("sum by (target) (tproxy_upstream_connect_seconds_count)"))
            .isEqualTo(Map.of("target=web", 3.0, "target=ssh", 2.0));
        assertThat(prometheus.query("tproxy_upstream_binds_total{outcome=\"not_transparent\"}"))
            .isEqualTo(Map.of("outcome=not_transparent,service=front,topology=scraped", 5.0));
        assertThat(prometheus.query("tproxy_route_decision_seconds_count")).isEqualTo(Map.of("service=front,topology=scraped", 5.0));
        assertThat(prometheus.query("process_files_open_files")).hasSize(1);
      }
    }
  }
}
