package dev.tproxy.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which services {@code run} starts: as written, only the tproxy ones by default (the others'
 * ports belong to sslh and nginx); locally, all; named ones when named.
 */
class ServiceSelectionTest {

  @TempDir Path dir;
  final RecordingReporter reporter = new RecordingReporter();

  /** An sslh front door in front of a tproxy service in front of a demo backend, all on loopback, no transparency. */
  private Path mixed(int sslh, int runtime, int web) throws Exception {
    return Files.writeString(dir.resolve("tproxy.yaml"), """
        name: mixed
        backends:
          - {name: web, address: "127.0.0.1:%d", demo: http}
        services:
          - name: front
            engine: sslh
            engine-version: "2.3"
            listen: ["127.0.0.1:%d"]
            demux: {rules: [{probe: anyprot, target: app}]}
          - name: app
            engine: tproxy
            listen: ["127.0.0.1:%d"]
            forward: {target: web}
        """.formatted(web, sslh, runtime));
  }

  private RunTask.Running start(Path file, boolean asWritten, ServiceSelection services) throws TaskException {
    return RunTask.start(new RunTask.Parameters(file, "<topology>", asWritten, null, true, dir.resolve("work"), services),
        reporter);
  }

  @Test
  void asWrittenRunsOnlyTheTproxyServicesAndSaysWhichAreLeftToTheirEngines() throws Exception {
    int sslh = RunTaskTest.freePort();
    int app = RunTaskTest.freePort();
    try (RunTask.Running running = start(mixed(sslh, app, RunTaskTest.freePort()), true, ServiceSelection.DEFAULT)) {
      assertThat(running.runtime().boundAddresses()).containsOnlyKeys("app");
      assertThat(running.runtime().boundAddress("app").getPort()).isEqualTo(app);
      // sslh's port stays free for sslh
      new java.net.ServerSocket(sslh, 1, java.net.InetAddress.getLoopbackAddress()).close();
      try (Socket s = new Socket("127.0.0.1", app)) {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("hello from web");
      }
    }
    assertThat(reporter.lines).contains(
        "INFO tproxy: topology \"mixed\" runs as written (1 of 2 services; left to their engines: front (sslh))");
  }

  @Test
  void locallyEveryServiceRunsAndNamedOnesRunWhenNamed() throws Exception {
    Path file = mixed(RunTaskTest.freePort(), RunTaskTest.freePort(), RunTaskTest.freePort());
    try (RunTask.Running running = start(file, false, ServiceSelection.DEFAULT)) {
      assertThat(running.runtime().boundAddresses()).containsOnlyKeys("front", "app");
    }
    try (RunTask.Running running = start(file, true, new ServiceSelection(Set.of("front"), "--services"))) {
      assertThat(running.runtime().boundAddresses()).containsOnlyKeys("front");
    }
  }

  @Test
  void aNameThatIsNoServiceAndATopologyWithoutTproxyServicesAreRefusedNamingTheFlag() throws Exception {
    Path file = mixed(RunTaskTest.freePort(), RunTaskTest.freePort(), RunTaskTest.freePort());
    assertThatThrownBy(() -> start(file, true, new ServiceSelection(Set.of("nope"), "--services")))
        .isInstanceOf(TaskException.class)
        .hasMessage("--services: " + file + " has no service \"nope\"; its services are front, app");
    Path sslhOnly = Files.writeString(dir.resolve("sslh.yaml"), Files.readString(file)
        .replace("engine: tproxy", "engine: nginx"));
    assertThatThrownBy(() -> start(sslhOnly, true, ServiceSelection.DEFAULT))
        .isInstanceOf(TaskException.class)
        .hasMessage(sslhOnly + " has no service whose engine is tproxy, and as written only those run here (the"
            + " others belong to sslh, nginx): name the services to run anyway with --services, or try the whole"
            + " topology on loopback in local mode");
  }
}
