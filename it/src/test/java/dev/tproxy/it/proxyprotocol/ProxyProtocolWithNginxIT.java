package dev.tproxy.it.proxyprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.it.support.FreePorts;
import dev.tproxy.it.support.Nginx;
import dev.tproxy.it.support.RuntimePart;
import dev.tproxy.it.support.StalledClient;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.testing.ProxyProtocolPeers;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PROXY protocol between nginx 1.22 and the runtime, both ways: nginx's {@code proxy_protocol on}
 * (v1, the only version 1.22 sends; from the generated files) into a runtime listener that
 * accepts it and sends v2 on to a backend reading it with Netty's decoder; and the runtime's v1
 * and v2 headers into an nginx {@code listen ... proxy_protocol}, which says what it parsed. And
 * the topology's header timeout, not nginx's default, in both.
 */
class ProxyProtocolWithNginxIT {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolWithNginxIT.class);

  /** The {@code proxy-protocol.timeout} the timeout test sets; nginx's default is 30 s. */
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  /** How long a stalled client waits for the server to close: well below nginx's default. */
  private static final Duration GIVE_UP = Duration.ofSeconds(15);

  static ProxyProtocolPeers.Backend ppBackend;

  @RegisterExtension
  static final TestBackend plain = new TestBackend("plain", TestBackend.announceAndEcho("plain"));

  @TempDir Path dir;

  @BeforeAll
  static void backend() {
    ppBackend = new ProxyProtocolPeers.Backend();
  }

  @AfterAll
  static void stop() {
    ppBackend.close();
  }

  @Test
  void nginxV1IntoTheRuntimeWhichSendsTheClientOnAsV2() throws Exception {
    Nginx.requireInstalled();
    List<Integer> p = FreePorts.take(2);
    String yaml = "name: pp-nginx\n"
        + "backends: [{name: pp-backend, address: \"" + ppBackend.addressText() + "\"}]\n"
        + "services:\n"
        + "  - {name: nginx-sends, engine: nginx, engine-version: \"1.22.1\", listen: [\"127.0.0.1:" + p.get(0) + "\"],"
        + " proxy-protocol: {send: v1}, forward: {target: runtime-accepts}}\n"
        + "  - {name: runtime-accepts, listen: [\"127.0.0.1:" + p.get(1) + "\"],"
        + " proxy-protocol: {accept: true, send: v2}, forward: {target: pp-backend}}\n";
    Topology topology = TopologyLoader.load(Files.writeString(dir.resolve("tproxy.yaml"), yaml));
    try (TproxyRuntime runtime = TproxyRuntime.start(RuntimePart.of(topology),
            RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200)).build());
        Nginx nginx = Nginx.generateAndStart(topology, dir, "generated", List.of("127.0.0.1:" + p.get(0)));
        TestClient c = TestClient.connect(new java.net.InetSocketAddress("127.0.0.1", p.get(0)))) {
      assertThat(runtime.topology().services()).extracting(s -> s.name()).containsExactly("runtime-accepts");
      assertThat(Files.readString(dir.resolve("generated/nginx/stream.conf"))).contains("proxy_protocol on;");
      c.send("hello through nginx and the runtime\n");
      assertThat(c.readLine()).as("nginx error log: " + nginx.errorLog())
          .isEqualTo("PROXY v2 TCP4 127.0.0.1:" + c.localAddress().getPort() + " -> 127.0.0.1:" + p.get(0));
      assertThat(c.readLine()).isEqualTo("hello through nginx and the runtime");
    }
  }

  @Test
  void theRuntimesV1AndV2HeadersAsNginxParsesThem() throws Exception {
    Nginx.requireInstalled();
    List<Integer> p = FreePorts.take(3);
    Path conf = Files.writeString(dir.resolve("nginx-pp.conf"), String.join("\n",
        "load_module /usr/lib/nginx/modules/ngx_stream_module.so;",
        "user root;",
        "worker_processes 1;",
        "pid " + dir.resolve("nginx-pp.pid") + ";",
        "error_log " + dir.resolve("nginx-pp-error.log") + " info;",
        "events { worker_connections 64; }",
        "stream {",
        "  server {",
        "    listen 127.0.0.1:" + p.get(0) + " proxy_protocol;",
        "    return \"nginx parsed $proxy_protocol_addr:$proxy_protocol_port -> $proxy_protocol_server_addr:$proxy_protocol_server_port\\n\";",
        "  }",
        "}",
        ""));
    String yaml = "name: pp-to-nginx\n"
        + "backends: [{name: nginx, address: \"127.0.0.1:" + p.get(0) + "\"}]\n"
        + "services:\n"
        + "  - {name: v1, listen: [\"127.0.0.1:" + p.get(1) + "\"], proxy-protocol: {send: v1}, forward: {target: nginx}}\n"
        + "  - {name: v2, listen: [\"127.0.0.1:" + p.get(2) + "\"], proxy-protocol: {send: v2}, forward: {target: nginx}}\n";
    Topology topology = TopologyLoader.load(Files.writeString(dir.resolve("to-nginx.yaml"), yaml));
    try (Nginx nginx = Nginx.start(conf, dir.resolve("nginx-pp-error.log"), List.of("127.0.0.1:" + p.get(0)));
        TproxyRuntime runtime = TproxyRuntime.start(topology, RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200)).build())) {
      for (String service : List.of("v1", "v2")) {
        try (TestClient c = TestClient.connect(runtime.boundAddress(service))) {
          assertThat(c.readLine()).as(service + "; nginx error log: " + nginx.errorLog())
              .isEqualTo("nginx parsed 127.0.0.1:" + c.localAddress().getPort() + " -> 127.0.0.1:"
                  + runtime.boundAddress(service).getPort());
        }
      }
    }
  }

  /**
   * A difference the generated nginx has (docs/runtime-vs-sslh-nginx.md): a hop that accepts a
   * PROXY header and sends one writes its peer's address, not the header's ({@code
   * ngx_proxy_protocol_write} takes the connection's address; the generator leaves the realip
   * module out so that allow/deny keep checking the peer). The runtime passes the client on.
   */
  @Test
  void aGeneratedNginxHopThatAcceptsAndSendsWritesItsPeerWhereTheRuntimeWritesTheClient() throws Exception {
    Nginx.requireInstalled();
    List<Integer> p = FreePorts.take(3);
    String yaml = "name: pp-through\n"
        + "backends: [{name: pp-backend, address: \"" + ppBackend.addressText() + "\"}]\n"
        + "services:\n"
        + "  - {name: runtime-sends, listen: [\"127.0.0.1:" + p.get(0) + "\"], proxy-protocol: {send: v2},"
        + " forward: {target: nginx-hop}}\n"
        + "  - {name: nginx-hop, engine: nginx, engine-version: \"1.22.1\", listen: [\"127.0.0.1:" + p.get(1) + "\"],"
        + " proxy-protocol: {accept: true, send: v1}, forward: {target: pp-backend}}\n"
        + "  - {name: runtime-hop, listen: [\"127.0.0.1:" + p.get(2) + "\"],"
        + " proxy-protocol: {accept: true, send: v1}, forward: {target: pp-backend}}\n";
    Topology topology = TopologyLoader.load(Files.writeString(dir.resolve("through.yaml"), yaml));
    try (TproxyRuntime runtime = TproxyRuntime.start(RuntimePart.of(topology),
            RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200)).build());
        Nginx nginx = Nginx.generateAndStart(topology, dir, "generated-through", List.of("127.0.0.1:" + p.get(1)))) {
      try (TestClient c = TestClient.connect(new java.net.InetSocketAddress("127.0.0.1", p.get(0)))) {
        String line = c.readLine();
        assertThat(runtime.boundAddress("runtime-sends").getPort()).isEqualTo(p.get(0));
        assertThat(line).as("through nginx; its error log: " + nginx.errorLog()).startsWith("PROXY v1 TCP4 127.0.0.1:")
            .doesNotStartWith("PROXY v1 TCP4 127.0.0.1:" + c.localAddress().getPort() + " ")
            .endsWith(" -> 127.0.0.1:" + p.get(1));
      }
      try (TestClient c = TestClient.connect(new java.net.InetSocketAddress("127.0.0.1", p.get(2)))) {
        c.send(ProxyProtocolPeers.header(io.netty.handler.codec.haproxy.HAProxyProtocolVersion.V2,
            ProxyProtocolPeers.address("203.0.113.7", 4242), ProxyProtocolPeers.address("198.51.100.1", 443)));
        assertThat(c.readLine()).as("through the runtime").isEqualTo("PROXY v1 TCP4 203.0.113.7:4242 -> 198.51.100.1:443");
      }
    }
  }

  /** A peer that sends these bytes (or none) and then nothing. */
  record Stall(String name, byte[] sent) {}

  /**
   * The topology's PROXY header timeout (2 s, not nginx's 30 s) on one service, realised by nginx
   * 1.22 from the generated files and then by the runtime on the same port. A peer that sends
   * nothing is closed by both after the timeout, not before; a header that comes in time (half
   * the timeout late) passes to the backend in both. A peer that sends part of a header and stops
   * is where they differ (docs/runtime-vs-sslh-nginx.md): nginx reads the header with one
   * {@code recv(MSG_PEEK)} and closes what it cannot parse at once as a broken header (a reset:
   * the bytes stay unread); the runtime waits for the rest until the timeout, as the protocol's
   * specification recommends of receivers.
   */
  @Test
  void theTopologysHeaderTimeoutClosesASilentPeerInNginxAndTheRuntimeAlike() throws Exception {
    Nginx.requireInstalled();
    int port = FreePorts.take(1).get(0);
    String yaml = "name: pp-timeout\n"
        + "backends: [{name: plain, address: \"" + plain.addressText() + "\"}]\n"
        + "services:\n"
        + "  - {name: accepts, engine: nginx, engine-version: \"1.22.1\", listen: [\"127.0.0.1:" + port + "\"],"
        + " proxy-protocol: {accept: true, timeout: " + HEADER_TIMEOUT.toSeconds() + "s}, forward: {target: plain}}\n";
    Topology topology = TopologyLoader.load(Files.writeString(dir.resolve("timeout.yaml"), yaml));
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    byte[] v2 = ProxyProtocolPeers.header(HAProxyProtocolVersion.V2, ProxyProtocolPeers.address("203.0.113.7", 4242),
        ProxyProtocolPeers.address("198.51.100.1", 443));
    Stall silent = new Stall("silent: connects, sends nothing", new byte[0]);
    List<Stall> partial = List.of(
        new Stall("part of a v1 header", "PROXY TCP4 203.0.113.7 ".getBytes(StandardCharsets.US_ASCII)),
        new Stall("part of a v2 header (8 of its 28 bytes)", Arrays.copyOf(v2, 8)));

    List<StalledClient.Result> byNginx = new ArrayList<>();
    String passedNginx;
    try (Nginx nginx = Nginx.generateAndStart(topology, dir, "generated-timeout", List.of("127.0.0.1:" + port))) {
      assertThat(Files.readString(dir.resolve("generated-timeout/nginx/stream.conf")))
          .containsOnlyOnce("proxy_protocol_timeout " + HEADER_TIMEOUT.toSeconds() + "s;");
      byNginx.add(StalledClient.stall(address, silent.sent(), GIVE_UP));
      for (Stall s : partial) {
        byNginx.add(StalledClient.stall(address, s.sent(), GIVE_UP));
      }
      passedNginx = headerInTime(address, v2);
      LOG.info("nginx error log:\n{}", nginx.errorLog());
    }
    List<StalledClient.Result> byRuntime = new ArrayList<>();
    String passedRuntime;
    try (TproxyRuntime runtime = TproxyRuntime.start(topology, RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200))
        .build())) {
      assertThat(runtime.boundAddress("accepts").getPort()).isEqualTo(port);
      byRuntime.add(StalledClient.stall(address, silent.sent(), GIVE_UP));
      for (Stall s : partial) {
        byRuntime.add(StalledClient.stall(address, s.sent(), GIVE_UP));
      }
      passedRuntime = headerInTime(address, v2);
    }

    List<Stall> all = new ArrayList<>(List.of(silent));
    all.addAll(partial);
    for (int i = 0; i < all.size(); i++) {
      LOG.info("PROXY header timeout, {}: nginx {} | runtime {}", all.get(i).name(), byNginx.get(i), byRuntime.get(i));
    }
    LOG.info("PROXY header timeout, a v2 header {} ms late: nginx {} | runtime {}", HEADER_TIMEOUT.toMillis() / 2,
        passedNginx, passedRuntime);
    long from = HEADER_TIMEOUT.toMillis() * 8 / 10;
    long to = HEADER_TIMEOUT.toMillis() + 4_000;
    for (int i = 0; i < all.size(); i++) {
      StalledClient.Result n = byNginx.get(i);
      StalledClient.Result r = byRuntime.get(i);
      String both = all.get(i).name() + ": nginx " + n + " | runtime " + r;
      assertThat(r.closedByServer()).as("the runtime closes it; %s", both).isTrue();
      assertThat(r.received()).as("the runtime sends nothing; %s", both).isEmpty();
      assertThat(r.after().toMillis()).as("the runtime closes it after the %d s timeout; %s",
          HEADER_TIMEOUT.toSeconds(), both).isBetween(from, to);
      assertThat(n.closedByServer()).as("nginx closes it; %s", both).isTrue();
      assertThat(n.received()).as("nginx sends nothing; %s", both).isEmpty();
      if (i == 0) {
        assertThat(n.after().toMillis()).as("nginx closes it after the %d s timeout; %s",
            HEADER_TIMEOUT.toSeconds(), both).isBetween(from, to);
        assertThat(r.ending()).as("how it ended; %s", both).isEqualTo(n.ending());
      } else {
        assertThat(n.after().toMillis()).as("nginx closes a partial header at once; %s", both).isLessThan(from);
        assertThat(n.ending()).as("nginx resets it, the header unread; %s", both).isEqualTo(StalledClient.Ending.RESET);
      }
    }
    assertThat(passedRuntime).as("a header in time: nginx %s | runtime %s", passedNginx, passedRuntime)
        .isEqualTo(passedNginx).isEqualTo("BACKEND plain, then hello echoed");
  }

  /**
   * Connects, waits half the header timeout, then sends a v2 header and a line: what came back
   * ({@code BACKEND plain, then hello echoed} when the header was taken and the line passed on).
   */
  private static String headerInTime(InetSocketAddress address, byte[] header) throws InterruptedException {
    try (TestClient c = TestClient.connect(address)) {
      Thread.sleep(HEADER_TIMEOUT.toMillis() / 2);
      c.send(header);
      c.send("hello\n");
      String announced = c.readLine();
      String echoed = c.readLine();
      return (announced.startsWith("BACKEND plain peer=127.0.0.1:") ? "BACKEND plain" : announced)
          + (echoed.equals("hello") ? ", then hello echoed" : ", then " + echoed);
    }
  }
}
