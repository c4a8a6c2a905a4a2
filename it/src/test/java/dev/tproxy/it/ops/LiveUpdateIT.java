package dev.tproxy.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.it.support.FreePorts;
import dev.tproxy.it.support.Sshd;
import dev.tproxy.model.Probe;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.TopologyChange;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live topology changes with real traffic: an ssh session (Debian's sshd and ssh) and a long
 * transfer stay open across a series of changes to the topology that carries them, while clients
 * open new connections through the same port the whole time. Nothing open is dropped, and no new
 * connection is refused.
 */
class LiveUpdateIT {
  /** The long transfer: read half before the changes, the rest after. */
  static final long TRANSFER_BYTES = 256L << 20;

  @TempDir Path dir;

  @Test
  void openConnectionsSurviveChangesAndNoNewOneIsRefused() throws Exception {
    List<Integer> ports = FreePorts.take(5);
    int front = ports.get(0);
    int sshPort = ports.get(1);
    try (Sshd sshd = Sshd.startHere(dir, "127.0.0.1:" + sshPort);
        TestBackend web = new TestBackend("web", TestBackend.announceAndEcho("web")).start();
        TestBackend web2 = new TestBackend("web2", TestBackend.announceAndEcho("web2")).start();
        TestBackend bulk = new TestBackend("bulk", requestThenBlast(TRANSFER_BYTES)).start()) {
      // Each step of the series, as a topology; step 0 is where it starts and ends.
      IntFunction<Topology> step = i -> {
        Topology.Builder b = Topology.builder("live")
            .backend("sshd", "127.0.0.1:" + sshPort)
            .backend("web", web.addressText())
            .backend("web2", web2.addressText())
            .backend("bulk", bulk.addressText());
        Service.Builder f = Service.builder("front").listen("127.0.0.1:" + front);
        if (i == 4) {
          f.listen("127.0.0.1:" + ports.get(3));                       // a second listener
        }
        if (i == 3) {
          f.idleTimeout(Duration.ofMinutes(5));                        // a setting
        }
        String http = i == 2 || i == 3 ? "web2" : "web";               // a route's target
        b.service(f.demux(d -> d.rule(Probe.SSH, "sshd").rule(Probe.HTTP, http).rule(Probe.ANYPROT, "bulk")));
        if (i == 1 || i == 2) {
          b.service(Service.builder("extra").listen("127.0.0.1:" + ports.get(2)).forward("web"));  // added, then removed
        }
        return b.build();
      };
      InetSocketAddress frontAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), front);
      try (TproxyRuntime runtime = TproxyRuntime.start(step.apply(0));
          SshSession ssh = SshSession.open(sshd.clientKey(), front);
          TestClient transfer = TestClient.connect(frontAddress)) {
        // At once: a connection silent for the probe timeout would be routed as it says.
        transfer.send("BULK TRANSFER, PLEASE\n");  // longer than any HTTP method: the http probe decides at once
        ssh.echoes("before any change");
        long received = readPattern(transfer, 0, TRANSFER_BYTES / 2);

        Load load = Load.start(frontAddress, 4);
        List<String> log = new ArrayList<>();
        int[] series = {1, 2, 3, 4, 0, 1, 2, 3, 4, 0};
        for (int i : series) {
          TopologyChange change = runtime.update(step.apply(i));
          log.add(change.services().toString());
          ssh.echoes("after change to step " + i);
          if (i == 2) {
            assertThat(firstLine(frontAddress, "GET / HTTP/1.0\r\n")).isEqualTo("BACKEND web2");
          }
        }
        // Then a burst: 100 changes as fast as they apply, the load still running.
        int burst = 100;
        for (int k = 1; k <= burst; k++) {
          runtime.update(step.apply(k % 5));
        }
        // The load runs a while longer on the final topology too.
        Thread.sleep(300);
        Load.Result result = load.stop();

        received += readPattern(transfer, received, TRANSFER_BYTES - received);
        ssh.echoes("after all changes");
        System.out.printf("LiveUpdateIT: %d changes (%d with checks, %d in a burst); %d new connections during them,"
            + " %d refused or failed; held: an ssh session (%d lines echoed) and a transfer (%d of %d bytes)%n",
            series.length + burst, series.length, burst, result.served(), result.failures().size(), ssh.lines(),
            received, TRANSFER_BYTES);
        assertThat(result.failures()).as("new connections that failed during the changes").isEmpty();
        assertThat(result.served()).isGreaterThan(series.length);
        assertThat(received).isEqualTo(TRANSFER_BYTES);
        assertThat(log).hasSize(series.length);
        assertThat(runtime.counters("front").accepted()).isGreaterThanOrEqualTo(result.served() + 2);
      }
    }
  }

  /**
   * Reads the request line, writes {@code total} bytes of {@link TestBackend#blast}'s pattern,
   * then waits for the client to close: an orderly end (blast itself would leave the request
   * unread, and its close would then reset the connection).
   */
  static TestBackend.Behaviour requestThenBlast(long total) {
    TestBackend.Behaviour blast = TestBackend.blast(total);
    return (s, c) -> {
      InputStream in = s.getInputStream();
      int b;
      while ((b = in.read()) != '\n' && b >= 0) {
        // the request line
      }
      blast.serve(s, c);
    };
  }

  /** Reads {@code n} bytes of blast's pattern, which started at offset 0, checking each. */
  static long readPattern(TestClient c, long offset, long n) throws Exception {
    InputStream in = c.socket().getInputStream();
    byte[] buf = new byte[65536];
    long got = 0;
    while (got < n) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n - got));
      assertThat(r).as("the transfer ended early, after %d bytes", offset + got).isPositive();
      for (int i = 0; i < r; i++) {
        if (buf[i] != (byte) ((offset + got + i) % 251)) {
          throw new AssertionError("byte " + (offset + got + i) + " of the transfer is wrong: "
              + new String(buf, i, Math.min(r - i, 80), StandardCharsets.ISO_8859_1));
        }
      }
      got += r;
    }
    return got;
  }

  static String firstLine(InetSocketAddress address, String request) {
    try (TestClient c = TestClient.connect(address)) {
      c.send(request);
      return c.readLine().split(" peer=")[0];
    }
  }

  /** Clients that open a connection after another through the front, each checking its answer. */
  static final class Load {
    record Result(int served, List<String> failures) {}

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> threads = new ArrayList<>();

    static Load start(InetSocketAddress address, int clients) {
      Load load = new Load();
      for (int i = 0; i < clients; i++) {
        Thread t = new Thread(() -> {
          while (load.running.get()) {
            try {
              String first = firstLine(address, "GET / HTTP/1.0\r\n");
              if (!first.equals("BACKEND web") && !first.equals("BACKEND web2")) {
                load.failures.add("answered: " + first);
              }
              load.served.incrementAndGet();
            } catch (RuntimeException | AssertionError e) {
              load.failures.add(e.toString());
            }
          }
        }, "load-" + i);
        t.start();
        load.threads.add(t);
      }
      return load;
    }

    Result stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(30_000);
      }
      return new Result(served.get(), List.copyOf(failures));
    }
  }

  /** A real ssh session through the front: {@code cat} on the other end echoes each line. */
  static final class SshSession implements AutoCloseable {
    private final Process process;
    private final OutputStream in;
    private final BufferedReader out;
    private int lines;

    private SshSession(Process process) {
      this.process = process;
      this.in = process.getOutputStream();
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static SshSession open(Path key, int port) throws Exception {
      Process p = new ProcessBuilder("ssh", "-T", "-p", String.valueOf(port), "-i", key.toString(),
          "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
          "-o", "LogLevel=ERROR", System.getProperty("user.name") + "@127.0.0.1", "cat")
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return new SshSession(p);
    }

    void echoes(String line) throws Exception {
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
      String back = out.readLine();
      assertThat(back).as("the ssh session's echo of \"%s\" (ssh alive: %s)", line, process.isAlive()).isEqualTo(line);
      lines++;
    }

    int lines() {
      return lines;
    }

    @Override
    public void close() throws Exception {
      in.close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      assertThat(process.exitValue()).as("ssh's exit code once its input ended").isZero();
    }
  }
}
