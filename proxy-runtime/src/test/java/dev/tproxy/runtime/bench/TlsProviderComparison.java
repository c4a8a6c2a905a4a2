package dev.tproxy.runtime.bench;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the tls-terminate stage with each TLS provider in one run, on loopback, with the same
 * load generator for both: OpenSSL's {@code s_time} (a C client, so that the client's own cost
 * does not hide the server's). Both runtimes run side by side; rounds alternate between them so
 * that a busy moment of this shared machine hits both alike. Prints handshakes per second
 * (full TLS 1.3 handshakes, new session each time, EC P-256 certificate) and bytes per second of a
 * 4 MiB response through an established session, and the OpenSSL/JDK ratios.
 *
 * <p>Run: {@code ./mvnw -B -pl proxy-runtime -am verify -DskipTests -Ptls-benchmark}
 * (it is no test: a measurement, not a pass/fail).
 */
public final class TlsProviderComparison {
  private static final int ROUNDS = 3;
  private static final int SECONDS = 8;
  private static final int BODY = 4 << 20;

  private TlsProviderComparison() {}

  /** Answers any request (up to its blank line) with an HTTP/1.0 response of {@code bytes} and closes. */
  static TestBackend.Behaviour http(int bytes) {
    byte[] body = new byte[bytes];
    byte[] head = ("HTTP/1.0 200 OK\r\nContent-Length: " + bytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    return (s, c) -> {
      InputStream in = s.getInputStream();
      int matched = 0;
      int b;
      while (matched < 4 && (b = in.read()) >= 0) {
        matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      OutputStream out = s.getOutputStream();
      out.write(head);
      out.write(body);
      out.flush();
    };
  }

  record Figures(double handshakesPerSecond, double bytesPerSecond) {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("tproxy-tls-bench");
    TestPki pki = TestPki.create(dir, "bench CA");
    TestPki.Pair cert = pki.server("bench", "bench.example.test");
    Map<TlsProvider, List<Figures>> results = new EnumMap<>(TlsProvider.class);
    try (TestBackend backend = new TestBackend("http", http(BODY)).start()) {
      Map<TlsProvider, TproxyRuntime> runtimes = new EnumMap<>(TlsProvider.class);
      try {
        for (TlsProvider p : List.of(TlsProvider.JDK, TlsProvider.OPENSSL)) {
          Topology t = Topology.builder("bench-" + p.name().toLowerCase())
              .backend("http", backend.addressText())
              .service(Service.builder("tls").listen("127.0.0.1:0").tlsTerminate("http",
                  s -> s.certificate(cert.certificate(), cert.key())))
              .build();
          runtimes.put(p, TproxyRuntime.start(t, RuntimeOptions.builder().tlsProvider(p)
              .drainTimeout(Duration.ofMillis(100)).connectionLog(line -> { }).build()));
          results.put(p, new ArrayList<>());
        }
        // warm-up: JIT for the JDK provider, session caches, the backend's threads
        for (TlsProvider p : List.of(TlsProvider.JDK, TlsProvider.OPENSSL)) {
          sTime(runtimes.get(p).boundAddress("tls"), 3, "-new");
          sTime(runtimes.get(p).boundAddress("tls"), 3, "-reuse", "-www", "/");
        }
        for (int round = 0; round < ROUNDS; round++) {
          for (TlsProvider p : List.of(TlsProvider.JDK, TlsProvider.OPENSSL)) {
            InetSocketAddress a = runtimes.get(p).boundAddress("tls");
            Result hs = sTime(a, SECONDS, "-new");
            Result data = sTime(a, SECONDS, "-reuse", "-www", "/");
            Figures f = new Figures(hs.connections() / hs.seconds(), data.bytes() / data.seconds());
            results.get(p).add(f);
            System.out.printf("round %d %-7s %8.1f handshakes/s %8.1f MiB/s%n", round + 1, p,
                f.handshakesPerSecond(), f.bytesPerSecond() / (1 << 20));
          }
        }
      } finally {
        runtimes.values().forEach(TproxyRuntime::close);
      }
    }
    Figures jdk = median(results.get(TlsProvider.JDK));
    Figures ssl = median(results.get(TlsProvider.OPENSSL));
    System.out.printf("%nmedian of %d rounds of %d s, s_time on loopback (%d cores, %s)%n", ROUNDS, SECONDS,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
    System.out.printf("  JDK      %8.1f handshakes/s %8.1f MiB/s%n", jdk.handshakesPerSecond(), jdk.bytesPerSecond() / (1 << 20));
    System.out.printf("  OPENSSL  %8.1f handshakes/s %8.1f MiB/s%n", ssl.handshakesPerSecond(), ssl.bytesPerSecond() / (1 << 20));
    System.out.printf("  ratio OPENSSL/JDK: handshakes %.2f, throughput %.2f%n",
        ssl.handshakesPerSecond() / jdk.handshakesPerSecond(), ssl.bytesPerSecond() / jdk.bytesPerSecond());
  }

  private static Figures median(List<Figures> f) {
    List<Double> hs = f.stream().map(Figures::handshakesPerSecond).sorted().toList();
    List<Double> bs = f.stream().map(Figures::bytesPerSecond).sorted().toList();
    return new Figures(hs.get(hs.size() / 2), bs.get(bs.size() / 2));
  }

  /** What s_time reported: connections, bytes read, real seconds. */
  record Result(long connections, long bytes, double seconds) {}

  private static final Pattern SUMMARY =
      Pattern.compile("(\\d+) connections in (\\d+) real seconds, (\\d+) bytes read per connection");

  static Result sTime(InetSocketAddress a, int seconds, String... mode) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_time", "-connect", "127.0.0.1:" + a.getPort(),
        "-time", Integer.toString(seconds)));
    cmd.addAll(List.of(mode));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    p.waitFor();
    String text = out.toString(StandardCharsets.UTF_8);
    Matcher m = SUMMARY.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("unexpected s_time output: " + text);
    }
    long connections = Long.parseLong(m.group(1));
    long perConnection = Long.parseLong(m.group(3));
    return new Result(connections, connections * perConnection, Math.max(1, Long.parseLong(m.group(2))));
  }
}
