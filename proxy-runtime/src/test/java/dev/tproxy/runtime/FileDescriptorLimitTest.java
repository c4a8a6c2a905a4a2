package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.NetnsTestBed;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime in a JVM of its own with a low {@code ulimit -n}: running out of file descriptors
 * pauses accepting and the runtime accepts again once clients leave; with max-connections that fit,
 * it never runs out, excess clients are closed at once; limits that cannot fit are refused.
 */
class FileDescriptorLimitTest {
  private static final int ULIMIT = 256;

  @RegisterExtension
  static final TestBackend echo = new TestBackend("echo", TestBackend.announceAndEcho("echo"));

  @TempDir Path dir;

  private NetnsTestBed.Agent runtimeWithUlimit(String topologyYaml) throws IOException {
    Path file = Files.writeString(dir.resolve("t.yaml"), topologyYaml);
    NetnsTestBed.Agent agent = NetnsTestBed.Agent.launch("ulimit-" + ULIMIT, "ulimit -n " + ULIMIT + " &&");
    try {
      String answer = agent.call("runtime r " + file);
      agentPort = port(answer);
      return agent;
    } catch (AssertionError e) {
      agent.close();
      throw e;
    }
  }

  private int agentPort;

  private static int port(String runtimeAnswer) {
    Matcher m = Pattern.compile("front=/127\\.0\\.0\\.1:(\\d+)").matcher(runtimeAnswer);
    assertThat(m.find()).as(runtimeAnswer).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private String topology(String limit) {
    return "name: fd\n"
        + "backends: [{name: echo, address: \"" + echo.addressText() + "\"}]\n"
        + "services:\n"
        + "  - {name: front, listen: [\"127.0.0.1:0\"], " + limit + "forward: {target: echo}}\n";
  }

  /** Opens {@code n} raw connections; each is only connected at the TCP level (the backlog takes it). */
  private List<Socket> open(int n) {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", agentPort), 2000);
        sockets.add(s);
      } catch (IOException e) {
        break; // the backlog is full: as many as the kernel holds
      }
    }
    return sockets;
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private boolean served(int timeoutMillis) {
    try (TestClient c = TestClient.connect(new InetSocketAddress("127.0.0.1", agentPort)).readTimeout(timeoutMillis)) {
      c.send("hello\n");
      return c.readLine().startsWith("BACKEND echo") && c.readLine().equals("hello");
    } catch (RuntimeException | AssertionError e) {
      return false;
    }
  }

  @Test
  void runningOutOfFileDescriptorsPausesAcceptingUntilClientsLeave() throws IOException {
    try (NetnsTestBed.Agent agent = runtimeWithUlimit(topology(""))) {
      assertThat(served(5000)).isTrue();
      List<Socket> flood = open(400);
      try {
        Eventually.await("the runtime ran out of file descriptors; its log:\n" + agent.log(), Duration.ofSeconds(20),
            () -> agent.log().contains("accept failed: no file descriptor left (ulimit -n)"));
        // Whether one more client gets through now is a race, not a property: a flood client whose
        // upstream socket() failed is closed, and its descriptor may go to the next one accepted.
      } finally {
        closeAll(flood);
      }
      Eventually.await("the runtime serves clients again; its log:\n" + agent.log(), Duration.ofSeconds(20), () -> served(3000));
    }
  }

  @Test
  void maxConnectionsThatFitKeepDescriptorsFromRunningOutAndCloseTheRestAtOnce() throws IOException {
    try (NetnsTestBed.Agent agent = runtimeWithUlimit(topology("max-connections: 40, "))) {
      List<Socket> flood = open(120);
      try {
        Eventually.await("80 clients over the limit were closed; log:\n" + agent.log(), Duration.ofSeconds(20),
            () -> count(agent.log(), "max-connections 40 of service front reached, closed at once") >= 80);
        assertThat(agent.log()).doesNotContain("accept failed");
      } finally {
        closeAll(flood);
      }
      Eventually.await("clients are served again", Duration.ofSeconds(10), () -> served(3000));
    }
  }

  @Test
  void maxConnectionsThatCannotFitAreRefusedAtStart() throws IOException {
    Path file = Files.writeString(dir.resolve("t.yaml"), topology("max-connections: 500, "));
    try (NetnsTestBed.Agent agent = NetnsTestBed.Agent.launch("ulimit-" + ULIMIT, "ulimit -n " + ULIMIT + " &&")) {
      AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
          () -> agent.call("runtime r " + file));
      assertThat(refused.getMessage()).contains("max-connections (500 together) need about").contains("but ulimit -n is 256");
    }
  }

  private static long count(String text, String part) {
    return text.lines().filter(l -> l.contains(part)).count();
  }
}
