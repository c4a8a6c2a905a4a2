package dev.tproxy.bench;

import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Probe;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TproxyRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole proxied connection, as {@code wrk -H 'Connection: close'} makes them: connect to the
 * runtime, send a request, read the backend's answer to its end, close. Covers accept, the
 * pipeline's setup, the decision, the upstream connect, the relay and both closes. The backend is
 * a plain blocking server in the same JVM; {@code direct} skips the runtime for the reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ConnectionBenchmark {
  private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ANSWER = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII);

  @Param({"direct", "forward", "demux"})
  public String through;

  private ServerSocket backend;
  private ExecutorService backendThreads;
  private TproxyRuntime runtime;
  private InetSocketAddress target;

  @Setup(Level.Trial)
  public void start() throws IOException {
    backend = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    backendThreads = Executors.newFixedThreadPool(2);
    backendThreads.submit(this::serve);
    String address = "127.0.0.1:" + backend.getLocalPort();
    Topology topology = Topology.builder("bench").backend("web", address)
        .service(Service.builder("forward").listen("127.0.0.1:0").engine(EngineKind.TPROXY).forward("web"))
        .service(Service.builder("demux").listen("127.0.0.1:0").engine(EngineKind.TPROXY)
            .demux(d -> d.rule(Probe.SSH, "web").rule(Probe.HTTP, "web").rule(Probe.ANYPROT, "web")))
        .build();
    if (through.equals("direct")) {
      target = (InetSocketAddress) backend.getLocalSocketAddress();
    } else {
      runtime = TproxyRuntime.start(topology, RuntimeOptions.builder().build());
      target = runtime.boundAddress(through);
    }
  }

  private void serve() {
    while (!backend.isClosed()) {
      try (Socket s = backend.accept()) {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[512];
        int seen = 0;
        while (seen < REQUEST.length) {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          seen += n;
        }
        s.getOutputStream().write(ANSWER);
      } catch (IOException e) {
        // closed at tear-down, or a client gone
      }
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    if (runtime != null) {
      runtime.close();
    }
    backend.close();
    backendThreads.shutdownNow();
  }

  @Benchmark
  public int connection() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(target);
      OutputStream out = s.getOutputStream();
      out.write(REQUEST);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[256];
      int total = 0;
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
      }
      return total;
    }
  }
}
