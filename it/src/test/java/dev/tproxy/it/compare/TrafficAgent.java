package dev.tproxy.it.compare;

import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.testing.ClientHellos;
import dev.tproxy.runtime.testing.TestBackend;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs inside a network namespace ({@code ip netns exec NS java ...}) because a JVM cannot move
 * its threads into one. One command per line on stdin, one answer per line on stdout:
 *
 * <ul>
 *   <li>{@code backend NAME IP PORT}: a backend that first writes {@code BACKEND NAME peer=IP:PORT}, then echoes
 *   <li>{@code runtime FILE}: starts tproxy's runtime on a topology, as written (transparent)
 *   <li>{@code stop-runtime}: closes it
 *   <li>{@code send IP PORT CASE}: a client that sends the first flight of CASE (see {@link TrafficCase}) and
 *       answers with the first line it gets back, {@code EOF} or {@code TIMEOUT}
 *   <li>{@code quit}
 * </ul>
 */
public final class TrafficAgent {
  private TrafficAgent() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<TestBackend> backends = new ArrayList<>();
    TproxyRuntime runtime = null;
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    out.println("OK ready");
    String line;
    while ((line = in.readLine()) != null) {
      String[] w = line.trim().split("\\s+");
      try {
        switch (w[0]) {
          case "backend" -> {
            TestBackend b = new TestBackend(w[1], InetAddress.getByName(w[2]), TestBackend.announceAndEcho(w[1]),
                Integer.parseInt(w[3])).start();
            backends.add(b);
            out.println("OK " + b.addressText());
          }
          case "runtime" -> {
            runtime = TproxyRuntime.start(TopologyLoader.load(Path.of(w[1])), RuntimeOptions.defaults());
            out.println("OK " + runtime.boundAddresses());
          }
          case "stop-runtime" -> {
            if (runtime != null) {
              runtime.close();
              runtime = null;
            }
            out.println("OK stopped");
          }
          case "send" -> out.println("OK " + send(new InetSocketAddress(InetAddress.getByName(w[1]), Integer.parseInt(w[2])),
              TrafficCase.valueOf(w[3])));
          case "quit" -> {
            if (runtime != null) {
              runtime.close();
            }
            backends.forEach(TestBackend::close);
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

  /** Sends the case's first flight and returns the first line that comes back. */
  static String send(InetSocketAddress to, TrafficCase c) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(to, 5000);
      s.setSoTimeout(12_000);
      String local = "local=" + s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort() + " ";
      byte[] flight = c.firstFlight();
      if (flight.length > 0) {
        s.getOutputStream().write(flight);
        s.getOutputStream().flush();
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
          got.write(b);
        }
        if (b < 0 && got.size() == 0) {
          return local + "EOF";
        }
      } catch (SocketTimeoutException e) {
        return local + "TIMEOUT";
      }
      return local + got.toString(StandardCharsets.US_ASCII);
    }
  }

  /** The first flights the comparison sends, named for the command line. */
  enum TrafficCase {
    SSH("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"),
    HTTP("GET / HTTP/1.1\r\nHost: compare.test\r\n\r\n"),
    TLS_T1(ClientHellos.jdk("t1.example.test")),
    TLS_T1_UPPER_CASE(ClientHellos.jdk("T1.Example.TEST")),
    TLS_WILDCARD(ClientHellos.jdk("a.b.t2.example.test")),
    TLS_WILDCARD_APEX(ClientHellos.jdk("t2.example.test")),
    TLS_UNKNOWN_NAME(ClientHellos.jdk("unknown.example.test")),
    TLS_NO_SNI(ClientHellos.jdk(null)),
    TLS_NO_SNI_ALPN_H2(ClientHellos.jdk(null, "h2")),
    TLS_TWO_RECORDS(ClientHellos.twoRecords(ClientHellos.jdk("t1.example.test"), 40)),
    NOT_A_PROTOCOL("\u0000\u0001 this is no known protocol\n"),
    SILENT(new byte[0]);

    private final byte[] firstFlight;

    TrafficCase(String text) {
      this(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    TrafficCase(byte[] bytes) {
      this.firstFlight = bytes;
    }

    byte[] firstFlight() {
      return firstFlight.clone();
    }
  }
}
