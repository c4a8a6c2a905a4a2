package dev.tproxy.runtime.testing;

import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.ServiceCounters;
import dev.tproxy.runtime.TproxyRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A process the test bed starts inside a network namespace ({@code ip netns exec NS java ...}),
 * since a JVM cannot move its own threads into one. It reads one command per line on stdin and
 * answers one line on stdout, {@code OK ...} or {@code ERR ...}; logs go to stderr.
 *
 * <ul>
 *   <li>{@code backend NAME IP PORT}: a backend that first writes {@code BACKEND NAME peer=IP:PORT}, then echoes
 *   <li>{@code runtime ID FILE [SERVICES]}: starts a runtime on a topology file (transparent
 *       services bind as its {@code transparent-bind} says); with SERVICES (comma-separated), only those services of the file run (the others are
 *       realised by real programs the test starts)
 *   <li>{@code counters ID SERVICE}: the transparency counters of a service
 *   <li>{@code connect IP PORT [SRC-IP SRC-PORT]}: a client: sends an SSH banner (after a PROXY v1 header naming
 *       SRC-IP:SRC-PORT as the client, if given), answers with its own address and the backend's line
 *   <li>{@code send IP PORT FLIGHT}: a client that sends a {@link FirstFlight} and answers {@code local=IP:PORT}
 *       (its own address) and the first line that comes back, {@code EOF} or {@code TIMEOUT}
 *   <li>{@code hello IP PORT NAME}: like send, with a TLS ClientHello naming NAME ({@code -}: no server name)
 *   <li>{@code hellos N IP PORT NAME}: N such clients at once; answers how many got each first line
 *   <li>{@code exchange IP PORT FLIGHT}: a client that follows its connection to the end, {@link Exchange}
 *       (FLIGHT: a {@link FirstFlight}'s name, or {@code hello:NAME}); answers {@link Exchange#toLine()}
 *   <li>{@code exchanges N IP PORT FLIGHT}: N such clients at once, each with its own first flight;
 *       answers their lines, separated by tabs
 *   <li>{@code stop ID}: closes a runtime
 *   <li>{@code quit}
 * </ul>
 */
public final class NetnsAgent {
  private NetnsAgent() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Map<String, TproxyRuntime> runtimes = new HashMap<>();
    Map<String, TestBackend> backends = new HashMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    out.println("OK ready");
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split("\\s+");
      try {
        switch (w[0]) {
          case "backend" -> {
            TestBackend b = new TestBackend(w[1], InetAddress.getByName(w[2]), TestBackend.announceAndEcho(w[1]), Integer.parseInt(w[3]));
            backends.put(w[1], b.start());
            out.println("OK " + b.addressText());
          }
          case "runtime" -> {
            Topology t = TopologyLoader.load(Path.of(w[2]));
            if (w.length > 3) {
              t = only(t, List.of(w[3].split(",")));
            }
            TproxyRuntime r = TproxyRuntime.start(t, RuntimeOptions.defaults());
            runtimes.put(w[1], r);
            out.println("OK " + r.boundAddresses().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().stream().map(InetSocketAddress::toString).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" ")));
          }
          case "counters" -> {
            ServiceCounters c = runtimes.get(w[1]).counters(w[2]);
            out.println("OK kept=" + c.transparentKeptPort() + " newAfterConflict=" + c.transparentNewPortAfterConflict()
                + " newByPolicy=" + c.transparentNewPortByPolicy() + " skipped=" + c.transparentSkippedLocalClient()
                + " failures=" + c.connectFailures() + " closed=" + c.closed());
          }
          case "connect" -> {
            try (TestClient c = TestClient.connect(new InetSocketAddress(InetAddress.getByName(w[1]), Integer.parseInt(w[2])))) {
              InetSocketAddress local = c.localAddress();
              if (w.length > 4) {
                // a PROXY v1 header naming another client: connect IP PORT SRC-IP SRC-PORT
                c.send("PROXY TCP4 " + w[3] + " " + w[1] + " " + w[4] + " " + w[2] + "\r\n");
              }
              c.send("SSH-2.0-netns-test\r\n");
              String backendLine = c.readLine();
              String echoed = new String(c.read(20), StandardCharsets.US_ASCII);
              out.println("OK local=" + local.getAddress().getHostAddress() + ":" + local.getPort() + " echo="
                  + echoed.equals("SSH-2.0-netns-test\r\n") + " " + backendLine);
            }
          }
          case "send" -> out.println("OK " + FirstFlight.valueOf(w[3])
              .send(new InetSocketAddress(InetAddress.getByName(w[1]), Integer.parseInt(w[2]))));
          case "hello" -> out.println("OK " + FirstFlight.send(ClientHellos.jdk(w[3].equals("-") ? null : w[3]),
              new InetSocketAddress(InetAddress.getByName(w[1]), Integer.parseInt(w[2]))));
          case "hellos" -> out.println("OK " + parallelHellos(Integer.parseInt(w[1]),
              new InetSocketAddress(InetAddress.getByName(w[2]), Integer.parseInt(w[3])), w[4]));
          case "exchange" -> out.println("OK " + Exchange.run(Exchange.flight(w[3]),
              new InetSocketAddress(InetAddress.getByName(w[1]), Integer.parseInt(w[2]))).toLine());
          case "exchanges" -> out.println("OK " + parallelExchanges(Integer.parseInt(w[1]),
              new InetSocketAddress(InetAddress.getByName(w[2]), Integer.parseInt(w[3])), w[4]));
          case "stop" -> {
            runtimes.remove(w[1]).close();
            out.println("OK stopped");
          }
          case "quit" -> {
            runtimes.values().forEach(TproxyRuntime::close);
            backends.values().forEach(TestBackend::close);
            out.println("OK bye");
            return;
          }
          default -> out.println("ERR unknown command " + List.of(w));
        }
      } catch (Throwable t) {
        out.println("ERR " + String.valueOf(t).replace('\n', ' '));
      }
    }
  }

  /**
   * The services named, of a topology; the others run elsewhere (another program, another
   * runtime), so a route to one of them becomes a route to a backend at its first listen address.
   * Client entries are dropped: they are for generated files.
   */
  static Topology only(Topology t, List<String> names) {
    List<dev.tproxy.model.Backend> backends = new java.util.ArrayList<>(t.backends());
    for (dev.tproxy.model.Service s : t.services()) {
      if (!names.contains(s.name())) {
        backends.add(new dev.tproxy.model.Backend(s.name(), new dev.tproxy.model.BackendAddress.Tcp(s.listen().get(0))));
      }
    }
    return new Topology(t.name(), t.services().stream().filter(s -> names.contains(s.name())).toList(),
        backends, t.network(), t.certificateAccess(), List.of());
  }

  /** {@code n} ClientHellos at once; the first lines that came back (peer addresses left out), counted. */
  static String parallelHellos(int n, InetSocketAddress to, String name) throws InterruptedException {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        answers.add(pool.submit(() -> FirstFlight.send(ClientHellos.jdk(name.equals("-") ? null : name), to)
            .replaceAll("local=\\S+ ", "").replaceAll(" peer=\\S+", "")));
      }
      Map<String, Integer> counted = new java.util.TreeMap<>();
      for (java.util.concurrent.Future<String> f : answers) {
        String a;
        try {
          a = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          a = "FAILED " + e.getCause();
        }
        counted.merge(a.replace(' ', '_'), 1, Integer::sum);
      }
      return counted.toString().replace(" ", "");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * {@code n} {@link Exchange}s at once, each with a first flight of its own (each ClientHello has
   * its own random); their lines, tab-separated.
   */
  static String parallelExchanges(int n, InetSocketAddress to, String flight) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      List<java.util.concurrent.Future<Exchange>> exchanges = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        exchanges.add(pool.submit(() -> Exchange.run(Exchange.flight(flight), to)));
      }
      java.util.StringJoiner lines = new java.util.StringJoiner("\t");
      for (java.util.concurrent.Future<Exchange> f : exchanges) {
        lines.add(f.get(40, java.util.concurrent.TimeUnit.SECONDS).toLine());
      }
      return lines.toString();
    } finally {
      pool.shutdownNow();
    }
  }
}
