package dev.tproxy.it.proxyprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.it.support.FreePorts;
import dev.tproxy.it.support.Nginx;
import dev.tproxy.it.support.RuntimePart;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.testing.ProxyProtocolPeers;
import dev.tproxy.runtime.testing.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROXY protocol between nginx 1.22 and the runtime, both ways: nginx's {@code proxy_protocol on}
 * (v1, the only version 1.22 sends; from the generated files) into a runtime listener that
 * accepts it and sends v2 on to a backend reading it with Netty's decoder; and the runtime's v1
 * and v2 headers into an nginx {@code listen ... proxy_protocol}, which says what it parsed.
 */
class ProxyProtocolWithNginxIT {
  static ProxyProtocolPeers.Backend ppBackend;

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
}
