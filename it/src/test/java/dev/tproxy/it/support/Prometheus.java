package dev.tproxy.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tproxy.runtime.testing.NetnsTestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus (2.42), started on loopback with its own configuration and storage in the
 * test's directory, scraping one target every second; its HTTP API answers instant queries. The
 * package's own service is never started (policy-rc.d, disabled at boot by the install script).
 */
public final class Prometheus implements AutoCloseable {
  public static final String PROMETHEUS = "/usr/bin/prometheus";

  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Prometheus(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Scrapes {@code http://target/metrics} every second; listens on 127.0.0.1:{@code port}. */
  public static Prometheus start(Path dir, String target, int port) {
    NetnsTestBed.requireExecutable(PROMETHEUS, "Prometheus (apt-get install prometheus, or run"
        + " scripts/install-debian-packages.sh)");
    try {
      Files.createDirectories(dir);
      Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  scrape_timeout: 1s",
          "scrape_configs:",
          "  - job_name: tproxy",
          "    static_configs:",
          "      - targets: ['" + target + "']",
          ""));
      Path log = dir.resolve("prometheus.log");
      Process p = new ProcessBuilder(PROMETHEUS,
          "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Prometheus(p, log, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The series an instant query returns, by their labels (without {@code __name__}, {@code job},
   * {@code instance}) written {@code k=v,k=v} in label order; empty while Prometheus has none.
   */
  public Map<String, Double> query(String promql) {
    if (!process.isAlive()) {
      throw new AssertionError("prometheus exited with " + process.exitValue() + "; its log:\n" + log());
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return Map.of(); // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new AssertionError("query " + promql + ": HTTP " + response.statusCode() + ": " + response.body());
    }
    try {
      JsonNode root = new ObjectMapper().readTree(response.body());
      Map<String, Double> series = new LinkedHashMap<>();
      for (JsonNode r : root.path("data").path("result")) {
        StringBuilder labels = new StringBuilder();
        r.path("metric").fields().forEachRemaining(e -> {
          if (!e.getKey().equals("__name__") && !e.getKey().equals("job") && !e.getKey().equals("instance")) {
            labels.append(labels.length() > 0 ? "," : "").append(e.getKey()).append('=').append(e.getValue().asText());
          }
        });
        series.put(labels.toString(), Double.parseDouble(r.path("value").get(1).asText()));
      }
      return series;
    } catch (IOException e) {
      throw new AssertionError("query " + promql + ": not JSON: " + response.body(), e);
    }
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
