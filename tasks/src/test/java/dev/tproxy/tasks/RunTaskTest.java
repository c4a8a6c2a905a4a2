package dev.tproxy.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} in local mode with demo backends, reached by real clients through the demux port. */
class RunTaskTest {

  @TempDir Path dir;
  final RecordingReporter reporter = new RecordingReporter();

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Path topology(int front, int web, int echo) throws Exception {
    Path file = dir.resolve("tproxy.yaml");
    Files.writeString(file, """
        name: run-test
        backends:
          - {name: web, address: "127.0.0.1:%d", demo: http}
          - {name: echo, address: "127.0.0.1:%d", demo: echo}
        services:
          - name: front
            listen: ["127.0.0.1:%d"]
            demux:
              rules:
                - {probe: http, target: web}
                - {probe: anyprot, target: echo}
        """.formatted(web, echo, front));
    return file;
  }

  @Test
  void runsWithDemoBackendsAndPrintsTheRoutes() throws Exception {
    int front = freePort();
    Path file = topology(front, freePort(), freePort());
    try (RunTask.Running running = RunTask.start(
        new RunTask.Parameters(file, "<topology>", false, null, true, dir.resolve("work")), reporter)) {
      assertThat(running.runtime().boundAddress("front").getPort()).isEqualTo(front);
      try (Socket s = new Socket("127.0.0.1", front)) {
        s.getOutputStream().write("GET /via-demux HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(response).startsWith("HTTP/1.1 200 OK").contains("hello from web (a tproxy demo backend)", "request: GET /via-demux");
      }
      try (Socket s = new Socket("127.0.0.1", front)) {
        s.getOutputStream().write("hi there\n".getBytes(StandardCharsets.UTF_8));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).startsWith("hello from echo (a tproxy demo backend)");
        assertThat(in.readLine()).isEqualTo("hi there");
      }
    }
    assertThat(reporter.lines).contains("INFO tproxy: topology \"run-test\" runs in local mode (1 services)", "INFO tproxy: stopped");
    assertThat(reporter.lines).anyMatch(l -> l.matches("INFO listener +service +stage +route +target"));
    assertThat(reporter.lines).anyMatch(l -> l.matches("INFO 127\\.0\\.0\\.1:" + front + " +front +demux +http +web 127\\.0\\.0\\.1:\\d+"));
    assertThat(reporter.lines).anyMatch(l -> l.matches("INFO +anyprot +echo 127\\.0\\.0\\.1:\\d+"));
  }

  @Test
  void stopsByItselfAfterTheMaximumDuration() throws Exception {
    Path file = topology(freePort(), freePort(), freePort());
    long start = System.nanoTime();
    RunTask.runUntilStopped(new RunTask.Parameters(file, "<topology>", false, Duration.ofMillis(500), false, dir), reporter);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(reporter.lines).contains("INFO tproxy: running for 500ms; Ctrl-C stops earlier", "INFO tproxy: stopped");
  }
}
