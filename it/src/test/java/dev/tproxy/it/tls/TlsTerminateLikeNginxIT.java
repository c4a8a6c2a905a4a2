package dev.tproxy.it.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.it.support.FreePorts;
import dev.tproxy.it.support.Nginx;
import dev.tproxy.it.support.StalledClient;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.testing.ClientHellos;
import dev.tproxy.runtime.testing.OpensslClient;
import dev.tproxy.runtime.testing.OpensslClient.Outcome;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestPki;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One topology of tls-terminate services, realised three times: by Debian's nginx 1.22 from the
 * files tproxy generates, and by tproxy's runtime with the JDK's TLS and with BoringSSL. The same {@code openssl s_client} commands against
 * each, with the same certificates, must end the same way: connected (and with the same
 * certificate), refused in the handshake, or refused after it. One service has a handshake timeout
 * that is not nginx's 60 s default: clients that stall in their handshake must be closed by each
 * after that timeout, and alike.
 */
class TlsTerminateLikeNginxIT {
  private static final Logger LOG = LoggerFactory.getLogger(TlsTerminateLikeNginxIT.class);

  @RegisterExtension
  static final TestBackend backend = new TestBackend("plain", TestBackend.announceAndEcho("plain"));

  /** The handshake-timeout service's {@code handshake-timeout}; nginx's default is 60 s. */
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
  /** How long a stalled client waits for the server to close: well below nginx's default. */
  private static final Duration GIVE_UP = Duration.ofSeconds(20);

  @TempDir Path dir;

  /** A command, and what the topology's semantics say it must come to. */
  record Case(String name, Function<Map<String, Integer>, OpensslClient> client, Outcome expected, String subject) {}

  /** A client that sends these bytes to the handshake-timeout service (or none) and then stalls in its handshake. */
  record Stall(String name, byte[] sent) {}

  @Test
  void nginxAndTheRuntimeEndEveryHandshakeAlike() throws Exception {
    Nginx.requireInstalled();
    TestPki pki = TestPki.create(dir.resolve("pki"), "compare CA");
    TestPki.Pair t2 = pki.server("t2", "t2.example.test");
    TestPki.Pair wild = pki.server("wild", dev.tproxy.certs.KeyAlgorithm.RSA_2048, "*.wild.example.test");
    TestPki.Pair fallback = pki.server("default", "default.example.test");
    TestPki.Pair enc = pki.serverCertificateWithOpensslKey("enc", "enc.example.test",
        "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc -pass pass:s3cret -out key.pem", "s3cret");
    Path pass = pki.passwordFile("enc.pass", "s3cret");
    TestPki.Pair alice = pki.client("alice", "alice");
    TestPki.Pair mallory = TestPki.create(dir.resolve("other"), "another CA").client("mallory", "mallory");

    List<Integer> ports = FreePorts.take(5);
    Map<String, Integer> port = new LinkedHashMap<>();
    List.of("tunnel", "tls13", "client-cert", "optional", "handshake-timeout")
        .forEach(s -> port.put(s, ports.get(port.size())));
    String certs = "      certificates:\n"
        + "        - {server-names: [t2.example.test], certificate: " + t2.certificate() + ", key: " + t2.key() + "}\n"
        + "        - {server-names: [\"*.wild.example.test\"], certificate: " + wild.certificate() + ", key: " + wild.key() + "}\n"
        + "        - {server-names: [enc.example.test], certificate: " + enc.certificate() + ", key: " + enc.key()
        + ", password-file: " + pass + "}\n"
        + "        - {certificate: " + fallback.certificate() + ", key: " + fallback.key() + "}\n";
    String yaml = "name: tls-compare\n"
        + "backends:\n  - {name: plain, address: \"" + backend.addressText() + "\"}\n"
        + "services:\n"
        + service("tunnel", port, certs + "      protocols: [TLSv1.2, TLSv1.3]\n"
            + "      ciphers: [ECDHE-ECDSA-AES128-GCM-SHA256, ECDHE-RSA-AES128-GCM-SHA256]\n")
        + service("tls13", port, certs + "      protocols: [TLSv1.3]\n")
        + service("client-cert", port, certs + "      client-auth: {verify: \"on\", ca: " + pki.caFile() + "}\n")
        + service("optional", port, certs + "      client-auth: {verify: optional, ca: " + pki.caFile() + "}\n")
        + service("handshake-timeout", port, certs + "      handshake-timeout: " + HANDSHAKE_TIMEOUT.toSeconds() + "s\n");
    Path topologyFile = Files.writeString(dir.resolve("tproxy.yaml"), yaml);
    Topology topology = TopologyLoader.load(topologyFile);

    String t2Subject = "CN = t2.example.test";
    String defaultSubject = "CN = default.example.test";
    List<Case> cases = List.of(
        new Case("SNI t2", p -> client(p, "tunnel").serverName("t2.example.test"), Outcome.CONNECTED, t2Subject),
        new Case("SNI T2 upper case", p -> client(p, "tunnel").serverName("T2.EXAMPLE.test"), Outcome.CONNECTED, t2Subject),
        new Case("SNI wildcard", p -> client(p, "tunnel").serverName("a.wild.example.test"), Outcome.CONNECTED, "CN = *.wild.example.test"),
        new Case("SNI deeper wildcard", p -> client(p, "tunnel").serverName("b.a.wild.example.test"), Outcome.CONNECTED, "CN = *.wild.example.test"),
        new Case("SNI wildcard apex", p -> client(p, "tunnel").serverName("wild.example.test"), Outcome.CONNECTED, defaultSubject),
        new Case("SNI of the encrypted key", p -> client(p, "tunnel").serverName("enc.example.test"), Outcome.CONNECTED, "CN = enc.example.test"),
        new Case("unknown SNI", p -> client(p, "tunnel").serverName("unknown.test"), Outcome.CONNECTED, defaultSubject),
        new Case("no SNI", p -> client(p, "tunnel").noServerName(), Outcome.CONNECTED, defaultSubject),
        new Case("TLS 1.2 allowed suite", p -> client(p, "tunnel").serverName("t2.example.test").with("-tls1_2"),
            Outcome.CONNECTED, t2Subject),
        new Case("TLS 1.2 suite not allowed", p -> client(p, "tunnel").serverName("t2.example.test").with("-tls1_2",
            "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"), Outcome.REFUSED_IN_HANDSHAKE, null),
        new Case("TLS 1.2 to a TLS 1.3 service", p -> client(p, "tls13").serverName("t2.example.test").with("-tls1_2"),
            Outcome.REFUSED_IN_HANDSHAKE, null),
        new Case("TLS 1.3 to a TLS 1.3 service", p -> client(p, "tls13").serverName("t2.example.test"), Outcome.CONNECTED, t2Subject),
        new Case("verify on, no certificate", p -> client(p, "client-cert").serverName("t2.example.test"),
            Outcome.REFUSED_AFTER_HANDSHAKE, t2Subject),
        new Case("verify on, no certificate, TLS 1.2", p -> client(p, "client-cert").serverName("t2.example.test").with("-tls1_2"),
            Outcome.REFUSED_AFTER_HANDSHAKE, t2Subject),
        new Case("verify on, certificate from the CA", p -> client(p, "client-cert").serverName("t2.example.test").certificate(alice),
            Outcome.CONNECTED, t2Subject),
        new Case("verify on, certificate from another CA", p -> client(p, "client-cert").serverName("t2.example.test")
            .certificate(mallory), Outcome.REFUSED_AFTER_HANDSHAKE, t2Subject),
        new Case("verify optional, no certificate", p -> client(p, "optional").serverName("t2.example.test"), Outcome.CONNECTED, t2Subject),
        new Case("verify optional, certificate from the CA", p -> client(p, "optional").serverName("t2.example.test").certificate(alice),
            Outcome.CONNECTED, t2Subject),
        new Case("verify optional, certificate from another CA", p -> client(p, "optional").serverName("t2.example.test")
            .certificate(mallory), Outcome.REFUSED_AFTER_HANDSHAKE, t2Subject),
        new Case("a handshake within the 2 s timeout", p -> client(p, "handshake-timeout").serverName("t2.example.test"),
            Outcome.CONNECTED, t2Subject));
    byte[] hello = ClientHellos.jdk("t2.example.test");
    List<Stall> stalls = List.of(
        new Stall("silent: connects, sends nothing", new byte[0]),
        new Stall("the first 60 bytes of a ClientHello", Arrays.copyOf(hello, 60)),
        new Stall("a whole ClientHello (TLS 1.3), then silent", hello),
        new Stall("a whole ClientHello (TLS 1.2 only), then silent", ClientHellos.jdkTls12("t2.example.test")));
    InetSocketAddress slow = new InetSocketAddress("127.0.0.1", port.get("handshake-timeout"));

    // 1. nginx, configured only by the generated files.
    List<String> addresses = port.values().stream().map(p -> "127.0.0.1:" + p).toList();
    List<OpensslClient.Result> byNginx = new ArrayList<>();
    List<StalledClient.Result> stalledByNginx = new ArrayList<>();
    try (Nginx nginx = Nginx.generateAndStart(topology, dir, "generated", addresses)) {
      assertThat(Files.readString(dir.resolve("generated/nginx/stream.conf")))
          .containsOnlyOnce("ssl_handshake_timeout " + HANDSHAKE_TIMEOUT.toSeconds() + "s;");
      for (Case c : cases) {
        byNginx.add(c.client().apply(port).run());
      }
      for (Stall s : stalls) {
        stalledByNginx.add(StalledClient.stall(slow, s.sent(), GIVE_UP));
      }
      LOG.info("nginx error log:\n{}", nginx.errorLog());
    }

    // 2. The runtime, configured by the topology, with each TLS provider.
    for (TlsProvider provider : TlsProvider.values()) {
      List<OpensslClient.Result> byRuntime = new ArrayList<>();
      List<StalledClient.Result> stalledByRuntime = new ArrayList<>();
      try (TproxyRuntime runtime = TproxyRuntime.start(topology, RuntimeOptions.builder().tlsProvider(provider)
          .drainTimeout(Duration.ofMillis(200)).build())) {
        assertThat(runtime.boundAddresses().keySet()).containsExactlyInAnyOrderElementsOf(port.keySet());
        for (Case c : cases) {
          byRuntime.add(c.client().apply(port).run());
        }
        for (Stall s : stalls) {
          stalledByRuntime.add(StalledClient.stall(slow, s.sent(), GIVE_UP));
        }
      }
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get(i);
        OpensslClient.Result n = byNginx.get(i);
        OpensslClient.Result r = byRuntime.get(i);
        LOG.info("{}: nginx {} {} | runtime ({}) {} {} | {}", c.name(), n.outcome(), n.serverSubject().orElse("-"),
            provider, r.outcome(), r.serverSubject().orElse("-"), String.join(" ", n.command()));
      }
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get(i);
        OpensslClient.Result n = byNginx.get(i);
        OpensslClient.Result r = byRuntime.get(i);
        assertThat(n.outcome()).as("nginx, %s:\n%s", c.name(), n).isEqualTo(c.expected());
        assertThat(r.outcome()).as("runtime (%s), %s:\n%s", provider, c.name(), r).isEqualTo(c.expected());
        if (c.subject() != null) {
          assertThat(n.serverSubject()).as("nginx's certificate, %s", c.name()).hasValue(c.subject());
          assertThat(r.serverSubject()).as("the runtime's certificate (%s), %s", provider, c.name()).hasValue(c.subject());
        }
        assertThat(r.protocol()).as("protocol (%s), %s", provider, c.name()).isEqualTo(n.protocol());
        assertThat(r.cipher()).as("cipher (%s), %s", provider, c.name()).isEqualTo(n.cipher());
      }
      compareStalls(stalls, stalledByNginx, stalledByRuntime, provider);
    }
  }

  /**
   * Each side closes a stalled handshake itself, after the topology's timeout (not before, and
   * long before nginx's 60 s default), and both end it alike: the same way (end of data or
   * reset), with nothing sent or both having sent their part of the handshake, and with the same
   * alerts where they would be in the clear (none: nginx does not shut TLS down during a
   * handshake). The bytes of a server's flight differ (random, key share, the providers' record
   * layout) and are not compared.
   */
  private static void compareStalls(List<Stall> stalls, List<StalledClient.Result> byNginx,
      List<StalledClient.Result> byRuntime, TlsProvider provider) {
    for (int i = 0; i < stalls.size(); i++) {
      LOG.info("stalled handshake, {}: nginx {} | runtime ({}) {}", stalls.get(i).name(), byNginx.get(i), provider,
          byRuntime.get(i));
      LOG.info("  TLS records: nginx {} | runtime ({}) {}", records(byNginx.get(i).received()), provider,
          records(byRuntime.get(i).received()));
    }
    long from = HANDSHAKE_TIMEOUT.toMillis() * 8 / 10;
    long to = HANDSHAKE_TIMEOUT.toMillis() + 4_000;
    for (int i = 0; i < stalls.size(); i++) {
      StalledClient.Result n = byNginx.get(i);
      StalledClient.Result r = byRuntime.get(i);
      String both = "stalled handshake, " + stalls.get(i).name() + ": nginx " + n + ", TLS records " + records(n.received())
          + " | runtime (" + provider + ") " + r + ", TLS records " + records(r.received());
      assertThat(n.closedByServer()).as("nginx closes it; %s", both).isTrue();
      assertThat(r.closedByServer()).as("the runtime closes it; %s", both).isTrue();
      assertThat(n.after().toMillis()).as("nginx closes it after the %d s handshake-timeout; %s",
          HANDSHAKE_TIMEOUT.toSeconds(), both).isBetween(from, to);
      assertThat(r.after().toMillis()).as("the runtime closes it after the %d s handshake-timeout; %s",
          HANDSHAKE_TIMEOUT.toSeconds(), both).isBetween(from, to);
      assertThat(r.ending()).as("how it ended; %s", both).isEqualTo(n.ending());
      assertThat(r.received().length > 0).as("whether the server answered; %s", both).isEqualTo(n.received().length > 0);
      assertThat(alertsInTheClear(r.received())).as("alerts in the clear; %s", both)
          .isEqualTo(alertsInTheClear(n.received()));
    }
  }

  private static OpensslClient client(Map<String, Integer> port, String service) {
    return OpensslClient.connect("127.0.0.1:" + port.get(service)).answeredWhen(out -> out.contains("BACKEND plain"));
  }

  private static String service(String name, Map<String, Integer> port, String tls) {
    return "  - name: " + name + "\n"
        + "    engine: nginx\n"
        + "    engine-version: \"1.22.1\"\n"
        + "    listen: [\"127.0.0.1:" + port.get(name) + "\"]\n"
        + "    tls-terminate:\n" + tls
        + "      target: plain\n";
  }

  /** The TLS records of {@code b} as type:length, an alert in the clear as alert(level,description). */
  static String records(byte[] b) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i + 5 <= b.length) {
      int type = b[i] & 0xff;
      int length = ((b[i + 3] & 0xff) << 8) | (b[i + 4] & 0xff);
      out.add(type == 21 && length == 2 && i + 7 <= b.length ? "alert(" + b[i + 5] + "," + b[i + 6] + ")"
          : type + ":" + length);
      i += 5 + length;
    }
    if (i != b.length) {
      out.add("+" + (b.length - i) + " bytes");
    }
    return out.isEmpty() ? "none" : String.join(" ", out);
  }

  /** The alerts among the records of {@code b} in the clear (TLS 1.3 encrypts them after its ServerHello). */
  static List<String> alertsInTheClear(byte[] b) {
    return Arrays.stream(records(b).split(" ")).filter(r -> r.startsWith("alert(")).toList();
  }
}
