package dev.tproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --metrics-address} and {@code --log-format json} on the shaded jar, as a process. */
class LauncherObservabilityIT {
  @TempDir Path dir;

  @Test
  void runServesMetricsAndWritesJsonConnectionLines() throws Exception {
    int front = LauncherProcessIT.freePort();
    int metrics = LauncherProcessIT.freePort();
    Files.writeString(dir.resolve("tproxy.yaml"), """
        name: cli-observed
        backends: [{name: web, address: "127.0.0.1:%d", demo: http}]
        services:
          - name: front
            listen: ["127.0.0.1:%d"]
            demux: {rules: [{probe: http, target: web}]}
        """.formatted(LauncherProcessIT.freePort(), front));
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("tproxy.jar"), "run", "--demo-backends", "--work-dir", dir.resolve("work").toString(),
        "--metrics-address", "127.0.0.1:" + metrics, "--log-format", "json");
    Path stderr = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(stderr.toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("tproxy: running")) {
        seen.append(line).append('\n');
      }
      assertThat(seen.toString()).as(Files.readString(stderr))
          .contains("tproxy: metrics on http://127.0.0.1:" + metrics + "/metrics");
      try (Socket s = new Socket("127.0.0.1", front)) {
        s.getOutputStream().write("GET /cli HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("hello from web");
      }
      String scraped = "";
      for (int i = 0; i < 100 && !scraped.contains("tproxy_connections_closed_total{service=\"front\",topology=\"cli-observed\"} 1.0"); i++) {
        Thread.sleep(50);
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + metrics + "/metrics").openConnection();
        scraped = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(scraped).contains(
          "tproxy_connections_routed_total{reason=\"probe\",service=\"front\",target=\"web\",topology=\"cli-observed\"} 1.0",
          "tproxy_connections_closed_total{service=\"front\",topology=\"cli-observed\"} 1.0");
      assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
      assertThat(p.exitValue()).isZero();
      List<String> errLines = Files.readAllLines(stderr);
      assertThat(errLines).filteredOn(l -> l.startsWith("{")).singleElement().satisfies(json -> assertThat(json)
          .startsWith("{\"event\":\"connection\",\"service\":\"front\",\"client\":\"127.0.0.1:")
          .contains("\"route\":{\"target\":\"web\",\"reason\":\"probe\",\"why\":\"probe http\",\"refused\":false}"));
      assertThat(errLines).as("no text line for the connection").noneMatch(l -> l.contains(" route probe http -> web"));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void aBadMetricsAddressOrLogFormatExitsOneNamingTheFlag() throws Exception {
    Files.writeString(dir.resolve("tproxy.yaml"), """
        name: cli-bad
        backends: [{name: web, address: "127.0.0.1:%d"}]
        services:
          - {name: front, listen: ["127.0.0.1:0"], forward: {target: web}}
        """.formatted(LauncherProcessIT.freePort()));
    LauncherProcessIT.Run address = LauncherProcessIT.tproxy(dir, "run", "--local", "--metrics-address", "metrics.example:9100");
    assertThat(address.exit()).isEqualTo(1);
    assertThat(address.err()).contains("--metrics-address: \"metrics.example\" is not an IP address literal");
    LauncherProcessIT.Run format = LauncherProcessIT.tproxy(dir, "run", "--local", "--log-format", "logfmt");
    assertThat(format.exit()).isEqualTo(1);
    assertThat(format.err()).contains("--log-format: \"logfmt\" is neither text nor json");
  }
}
