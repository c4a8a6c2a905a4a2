package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The renderings of a connection event: the log line as it always was, and JSON that survives any string. */
class ConnectionLogFormatTest {
  private static final Instant START = Instant.parse("2025-01-31T12:00:00.123Z");

  private static InetSocketAddress a(String ip, int port) {
    return new InetSocketAddress(ip, port);
  }

  private static ConnectionEvent event(Optional<ConnectionEvent.ProxyHeader> proxy, Optional<ConnectionEvent.Tls> tls,
      Optional<ConnectionEvent.Route> route, Optional<ConnectionEvent.Upstream> upstream, boolean spliced, long millis,
      String closed) {
    return new ConnectionEvent("front", a("10.77.0.2", 40368), a("10.77.0.1", 443), proxy, tls, route, upstream, 120, 2048,
        spliced, START, Duration.ofMillis(millis), closed);
  }

  @Test
  void theTextLineIsTheConnectionLogsLine() {
    assertThat(event(Optional.empty(), Optional.empty(),
        Optional.of(new ConnectionEvent.Route("sshd", RouteReason.PROBE, "probe ssh", false)),
        Optional.of(new ConnectionEvent.Upstream.Socket(a("10.77.0.2", 37846), a("192.168.255.254", 22), BindOutcome.CLIENT_PORT)),
        false, 1204, "client closed").toLogLine())
        .isEqualTo("front 10.77.0.2:40368 -> 10.77.0.1:443 route probe ssh -> sshd upstream 10.77.0.2:37846 ->"
            + " 192.168.255.254:22 (transparent, client port kept) bytes 120/2048 duration 1.204s closed client closed");

    assertThat(event(Optional.of(new ConnectionEvent.ProxyHeader("v2", a("127.0.0.1", 5555), Optional.empty())),
        Optional.of(new ConnectionEvent.Tls("TLSv1.3", "TLS_AES_256_GCM_SHA384", Optional.of("t2.example.org"),
            Optional.of("CN=t2.example.org"), Optional.of("CN=alice"))),
        Optional.of(new ConnectionEvent.Route("plain", RouteReason.FORWARD, "tls-terminate", false)),
        Optional.of(new ConnectionEvent.Upstream.InProcess("app")), false, 7, "upstream closed").toLogLine())
        .isEqualTo("front 10.77.0.2:40368 -> 10.77.0.1:443 (via PROXY v2 from 127.0.0.1:5555) tls TLSv1.3"
            + " TLS_AES_256_GCM_SHA384 sni t2.example.org certificate CN=t2.example.org client CN=alice route"
            + " tls-terminate -> plain upstream in-process \"app\" bytes 120/2048 duration 0.007s closed upstream closed");

    assertThat(event(Optional.of(new ConnectionEvent.ProxyHeader("v1", a("::1", 80), Optional.of("LOCAL"))),
        Optional.of(new ConnectionEvent.Tls("TLSv1.2", "X", Optional.empty(), Optional.empty(), Optional.empty())),
        Optional.of(new ConnectionEvent.Route("sshd", RouteReason.SNI, "sni a.test", true)), Optional.empty(), false, 61_050,
        "max-connections 1 of service front route sni a.test -> sshd reached, closed at once").toLogLine())
        .isEqualTo("front 10.77.0.2:40368 -> 10.77.0.1:443 (via PROXY v1 LOCAL, own addresses kept, from [0:0:0:0:0:0:0:1]:80)"
            + " tls TLSv1.2 X sni none route sni a.test -> sshd (refused) upstream none bytes 120/2048 duration 61.050s"
            + " closed max-connections 1 of service front route sni a.test -> sshd reached, closed at once");

    assertThat(event(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true, 0,
        "client closed before sending anything").toLogLine())
        .isEqualTo("front 10.77.0.2:40368 -> 10.77.0.1:443 route none upstream none bytes 120/2048 (+spliced)"
            + " duration 0.000s closed client closed before sending anything");
  }

  @Test
  void jsonCarriesTheFieldsAndHostileStringsIntact() throws Exception {
    String hostile = "CN=\"quoted\" \\ back\nslash\r\t\u0000\u001f\u007f line\u2028para\u2029 \uD83D\uDE00 lone \uD800 end";
    ConnectionEvent e = event(Optional.empty(),
        Optional.of(new ConnectionEvent.Tls("TLSv1.3", "TLS_AES_128_GCM_SHA256", Optional.of("a.test"), Optional.empty(),
            Optional.of(hostile))),
        Optional.of(new ConnectionEvent.Route("web", RouteReason.DEFAULT, "default (sni b.test unmatched)", false)),
        Optional.of(new ConnectionEvent.Upstream.Socket(a("127.0.0.1", 40000), a("127.0.0.1", 8080), BindOutcome.NOT_TRANSPARENT)),
        false, 1204, "upstream error: " + hostile);
    String json = e.toJson();

    assertThat(json).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0000", "\u007f");
    assertThat(json.chars()).noneMatch(c -> c < 0x20);
    assertThat(json).contains("\\u2028", "\\u2029", "\\ud800", "\\u0000", "\\u001f", "\\\"quoted\\\"", "\\\\ back", "\uD83D\uDE00");

    JsonNode n = new ObjectMapper().readTree(json);
    assertThat(n.get("event").asText()).isEqualTo("connection");
    assertThat(n.get("service").asText()).isEqualTo("front");
    assertThat(n.get("client").asText()).isEqualTo("10.77.0.2:40368");
    assertThat(n.get("destination").asText()).isEqualTo("10.77.0.1:443");
    assertThat(n.has("proxyHeader")).isFalse();
    assertThat(n.get("tls").get("serverName").asText()).isEqualTo("a.test");
    assertThat(n.get("tls").has("certificate")).isFalse();
    // every character comes back as it was, the lone surrogate too: escaped, it needs no encoding
    assertThat(n.get("tls").get("clientCertificate").asText()).isEqualTo(hostile);
    assertThat(n.get("route").get("target").asText()).isEqualTo("web");
    assertThat(n.get("route").get("reason").asText()).isEqualTo("default");
    assertThat(n.get("route").get("refused").asBoolean()).isFalse();
    assertThat(n.get("upstream").get("remote").asText()).isEqualTo("127.0.0.1:8080");
    assertThat(n.get("upstream").get("bind").asText()).isEqualTo("not_transparent");
    assertThat(n.get("bytesFromClient").asLong()).isEqualTo(120);
    assertThat(n.get("bytesToClient").asLong()).isEqualTo(2048);
    assertThat(n.get("spliced").asBoolean()).isFalse();
    assertThat(n.get("started").asText()).isEqualTo("2025-01-31T12:00:00.123Z");
    assertThat(n.get("durationMillis").asLong()).isEqualTo(1204);
    assertThat(n.get("closeReason").asText()).isEqualTo("upstream error: " + hostile);
  }

  @Test
  void jsonOfAnInProcessConnectionAndAProxyHeaderThatKeptTheOwnAddresses() throws Exception {
    JsonNode n = new ObjectMapper().readTree(event(
        Optional.of(new ConnectionEvent.ProxyHeader("v2", a("127.0.0.1", 5555), Optional.of("UNKNOWN"))), Optional.empty(),
        Optional.of(new ConnectionEvent.Route("app", RouteReason.PROBE, "probe http", false)),
        Optional.of(new ConnectionEvent.Upstream.InProcess("app")), true, 5, "client closed").toJson());
    assertThat(n.get("proxyHeader").get("version").asText()).isEqualTo("v2");
    assertThat(n.get("proxyHeader").get("peer").asText()).isEqualTo("127.0.0.1:5555");
    assertThat(n.get("proxyHeader").get("ownAddressesKept").asText()).isEqualTo("UNKNOWN");
    assertThat(n.get("upstream").get("inProcess").asText()).isEqualTo("app");
    assertThat(n.get("upstream").has("remote")).isFalse();
    assertThat(n.get("spliced").asBoolean()).isTrue();
  }
}
