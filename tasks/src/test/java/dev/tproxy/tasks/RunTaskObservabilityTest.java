package dev.tproxy.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.tasks.observe.LogFormat;
import dev.tproxy.tasks.observe.MetricsAddress;
import dev.tproxy.tasks.observe.Observability;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run}'s metrics endpoint and JSON connection lines. */
class RunTaskObservabilityTest {
  @TempDir Path dir;
  final RecordingReporter reporter = new RecordingReporter();

  /** A demux port in front of an echo backend that this test runs itself. */
  private Path topology(int echoPort) throws IOException {
    Path file = dir.resolve("tproxy.yaml");
    Files.writeString(file, """
        name: observed
        backends:
          - {name: echo, address: "127.0.0.1:%d"}
        services:
          - name: front
            listen: ["127.0.0.1:0"]
            demux:
              rules:
                - {probe: anyprot, target: echo}
        """.formatted(echoPort));
    return file;
  }

  private RunTask.Parameters parameters(Path file) {
    return new RunTask.Parameters(file, "<topology>", false, null, false, dir.resolve("work"));
  }

  /** Sends "hello" through the front door and reads the echo. */
  private static void roundTrip(InetSocketAddress front) throws IOException {
    try (Socket s = new Socket(front.getAddress(), front.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }
  }

  private static ServerSocket echoBackend() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
          in.transferTo(s.getOutputStream());
        } catch (IOException e) {
          // closed
        }
      }
    }, "echo");
    t.setDaemon(true);
    t.start();
    return server;
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(5);
    }
  }

  private static String get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    assertThat(c.getResponseCode()).isEqualTo(200);
    assertThat(c.getContentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void servesPrometheusTextAtSlashMetricsUntilTheRunStops() throws Exception {
    Observability metrics = new Observability(
        Optional.of(MetricsAddress.parse("127.0.0.1:0", "--metrics-address")), LogFormat.TEXT);
    InetSocketAddress served;
    try (ServerSocket echo = echoBackend();
        RunTask.Running running = RunTask.start(parameters(topology(echo.getLocalPort())), RunTask.Tuning.DEFAULT, metrics,
            reporter)) {
      served = running.metricsAddress().orElseThrow();
      roundTrip(running.runtime().boundAddress("front"));
      await("closed", () -> running.runtime().counters("front").closed() == 1);
      String text = get("http://127.0.0.1:" + served.getPort() + "/metrics");
      assertThat(text).contains(
          "tproxy_connections_accepted_total{service=\"front\",topology=\"observed\"} 1.0",
          "tproxy_connections_routed_total{reason=\"default\",service=\"front\",target=\"echo\",topology=\"observed\"} 1.0",
          "tproxy_bytes_total{direction=\"from_client\",service=\"front\",topology=\"observed\"} 5.0",
          "tproxy_upstream_connect_seconds_count{service=\"front\",target=\"echo\",topology=\"observed\"} 1",
          "# HELP tproxy_connections_active Connections open now",
          "jvm_memory_used_bytes", "process_files_open_files");
      HttpURLConnection other = (HttpURLConnection) new URL("http://127.0.0.1:" + served.getPort() + "/").openConnection();
      assertThat(other.getResponseCode()).isEqualTo(404);
    }
    assertThat(reporter.lines).contains("INFO tproxy: metrics on http://127.0.0.1:" + served.getPort() + "/metrics");
    assertThatThrownBy(() -> new Socket("127.0.0.1", served.getPort()).close()).as("the endpoint stopped with the run")
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aBadOrTakenAddressIsAnErrorThatNamesTheSetting() throws Exception {
    assertThatThrownBy(() -> Observability.parse("localhost:9100", "--metrics-address", "text", "--log-format"))
        .isInstanceOf(TaskException.class).hasMessageStartingWith("--metrics-address: ").hasMessageContaining("localhost");
    assertThatThrownBy(() -> Observability.parse("127.0.0.1:99999", "--metrics-address", null, "--log-format"))
        .isInstanceOf(TaskException.class).hasMessageStartingWith("--metrics-address: ").hasMessageContaining("out of range");
    assertThatThrownBy(() -> Observability.parse(null, "--metrics-address", "yaml", "--log-format"))
        .isInstanceOf(TaskException.class).hasMessage("--log-format: \"yaml\" is neither text nor json");
    assertThat(Observability.parse(" ", "x", null, "y")).isEqualTo(Observability.DEFAULT);

    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()); ServerSocket echo = echoBackend()) {
      Observability o = Observability.parse("127.0.0.1:" + taken.getLocalPort(), "--metrics-address", "json", "--log-format");
      assertThatThrownBy(() -> RunTask.start(parameters(topology(echo.getLocalPort())), RunTask.Tuning.DEFAULT, o, reporter))
          .isInstanceOf(TaskException.class)
          .hasMessageStartingWith("--metrics-address: cannot serve metrics on 127.0.0.1:" + taken.getLocalPort() + ": ");
    }
  }

  @Test
  void jsonLinesReplaceTheConnectionsTextLines() throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (ServerSocket echo = echoBackend()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try (RunTask.Running running = RunTask.start(parameters(topology(echo.getLocalPort())), RunTask.Tuning.DEFAULT,
          new Observability(Optional.empty(), LogFormat.JSON), reporter)) {
        roundTrip(running.runtime().boundAddress("front"));
        await("a JSON line",
            () -> captured.toString(StandardCharsets.UTF_8).contains("{\"event\":\"connection\""));
      }
    } finally {
      System.setErr(original);
    }
    List<String> lines = Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\n"));
    assertThat(lines).filteredOn(l -> l.startsWith("{\"event\":\"connection\"")).singleElement().satisfies(l -> assertThat(l)
        .contains("\"service\":\"front\"", "\"route\":{\"target\":\"echo\",\"reason\":\"default\"",
            "\"bytesFromClient\":5,\"bytesToClient\":5").endsWith("}"));
    assertThat(lines).as("no text line for the connection").noneMatch(l -> l.contains("dev.tproxy.runtime.connections"));
  }
}
