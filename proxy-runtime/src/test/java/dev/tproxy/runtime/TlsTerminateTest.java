package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.certs.KeyAlgorithm;
import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.ClientAuth;
import dev.tproxy.model.Service;
import dev.tproxy.model.TlsProtocol;
import dev.tproxy.model.Topology;
import dev.tproxy.model.VerifyMode;
import dev.tproxy.runtime.testing.LogLines;
import dev.tproxy.runtime.testing.OpensslClient;
import dev.tproxy.runtime.testing.OpensslClient.Outcome;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tls-terminate stage against the OpenSSL command line client: the certificate chosen by
 * SNI, keys of every encoding, protocols and ciphers from the model, client certificates, and at
 * which step a refused client is refused.
 */
class TlsTerminateTest {
  @RegisterExtension
  static final TestBackend backend = new TestBackend("plain", TestBackend.announceAndEcho("plain"));

  @TempDir static Path dir;
  static TestPki pki;
  static TestPki.Pair exact;
  static TestPki.Pair wildcard;
  static TestPki.Pair fallback;

  @BeforeAll
  static void certificates() {
    pki = TestPki.create(dir.resolve("pki"), "tls test CA");
    exact = pki.server("exact", "t2.example.test");
    wildcard = pki.server("wild", KeyAlgorithm.RSA_2048, "*.wild.example.test");
    fallback = pki.server("default", "default.example.test");
  }

  /** Who performs the TLS; {@link TlsTerminateOpensslTest} runs every test again with BoringSSL. */
  protected TlsProvider provider() {
    return TlsProvider.JDK;
  }

  /** A runtime with one tls-terminate service "tls" in front of the backend. */
  final class Running implements AutoCloseable {
    final TproxyRuntime runtime;
    final LogLines logs = new LogLines();

    Running(Consumer<Service.TlsTerminateBuilder> settings) {
      Topology t = Topology.builder("tls-test")
          .backend("plain", backend.addressText())
          .service(Service.builder("tls").listen("127.0.0.1:0").tlsTerminate("plain", settings))
          .build();
      runtime = TproxyRuntime.start(t, RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200))
          .tlsProvider(provider()).connectionLog(logs).build());
    }

    OpensslClient client() {
      return OpensslClient.connect(runtime.boundAddress("tls"));
    }

    ServiceCounters counters() {
      return runtime.counters("tls");
    }

    @Override
    public void close() {
      runtime.close();
    }
  }

  static Consumer<Service.TlsTerminateBuilder> threeCertificates() {
    return t -> t.certificate(exact.certificate(), exact.key(), "t2.example.test")
        .certificate(wildcard.certificate(), wildcard.key(), "*.wild.example.test")
        .certificate(fallback.certificate(), fallback.key());
  }

  @Test
  void theCertificateIsChosenByServerNameExactThenWildcardElseTheDefault() {
    try (Running r = new Running(threeCertificates())) {
      record Case(String sni, String subject) {}
      for (Case c : List.of(
          new Case("t2.example.test", "CN = t2.example.test"),
          new Case("T2.Example.TEST", "CN = t2.example.test"),
          new Case("a.wild.example.test", "CN = *.wild.example.test"),
          new Case("deeper.a.wild.example.test", "CN = *.wild.example.test"),
          new Case("wild.example.test", "CN = default.example.test"),
          new Case("unknown.test", "CN = default.example.test"))) {
        OpensslClient.Result res = r.client().serverName(c.sni()).with("-CAfile", pki.caFile().toString()).run();
        assertThat(res.outcome()).as(c.sni() + ": " + res).isEqualTo(Outcome.CONNECTED);
        assertThat(res.serverSubject()).as(c.sni()).hasValue(c.subject());
        assertThat(res.output()).as(c.sni()).contains("Verify return code: 0 (ok)");
      }
      OpensslClient.Result none = r.client().noServerName().run();
      assertThat(none.outcome()).isEqualTo(Outcome.CONNECTED);
      assertThat(none.serverSubject()).hasValue("CN = default.example.test");
      // the client's name checked against the certificate it got, as a careful client does
      assertThat(r.client().serverName("t2.example.test").verify(pki.caFile(), "t2.example.test").run().outcome())
          .isEqualTo(Outcome.CONNECTED);
      String line = r.logs.await("sni t2.example.test", "certificate CN=t2.example.test", "route tls-terminate -> plain");
      assertThat(line).contains(" tls TLSv1.3 TLS_AES_256_GCM_SHA384 ");
    }
  }

  @Test
  void keysOfEveryEncodingIncludingEncryptedOnesWithAPassphraseFile() {
    record Key(String name, String gen, String passphrase) {}
    List<Key> keys = List.of(
        new Key("pkcs1-rsa", "genrsa -traditional -out key.pem 2048", ""),
        new Key("pkcs8-rsa", "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem", ""),
        new Key("sec1-ec", "ecparam -name prime256v1 -genkey -noout -out key.pem", ""),
        new Key("pkcs8-ec", "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem", ""),
        new Key("enc-pkcs8-ec", "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-256-cbc -pass pass:s3cret -out key.pem", "s3cret"),
        new Key("enc-legacy-rsa", "genrsa -traditional -aes256 -passout pass:0ther -out key.pem 2048", "0ther"));
    try (Running r = new Running(t -> {
      for (Key k : keys) {
        String name = k.name() + ".keys.test";
        TestPki.Pair pair = pki.serverCertificateWithOpensslKey(k.name(), name, k.gen(), k.passphrase());
        Optional<Path> pass = k.passphrase().isEmpty() ? Optional.empty()
            : Optional.of(pki.passwordFile(k.name() + ".pass", k.passphrase()));
        t.certificate(new CertificateEntry(List.of(name), pair.certificate(), pair.key(), pass));
      }
    })) {
      for (Key k : keys) {
        String name = k.name() + ".keys.test";
        OpensslClient.Result res = r.client().serverName(name).verify(pki.caFile(), name).run();
        assertThat(res.outcome()).as(res.toString()).isEqualTo(Outcome.CONNECTED);
        assertThat(res.serverSubject()).hasValue("CN = " + name);
      }
    }
  }

  @Test
  void aProtocolTheServiceDoesNotAllowIsRefusedInTheHandshake() {
    try (Running r = new Running(threeCertificates().andThen(t -> t.protocols(TlsProtocol.TLS_1_3)))) {
      int before = backend.connections().size();
      OpensslClient.Result tls12 = r.client().serverName("t2.example.test").with("-tls1_2").run();
      assertThat(tls12.outcome()).as(tls12.toString()).isEqualTo(Outcome.REFUSED_IN_HANDSHAKE);
      assertThat(tls12.output()).contains("alert protocol version");
      r.logs.await("TLS handshake failed", "route none");
      assertThat(r.counters().tlsFailures()).isEqualTo(1);
      assertThat(r.counters().tlsHandshakeFailures()).isEqualTo(1);
      assertThat(r.counters().tlsHandshakes()).isZero();
      assertThat(backend.connections()).as("nothing was connected to for a refused client").hasSize(before);
      assertThat(r.client().serverName("t2.example.test").with("-tls1_3").run().outcome()).isEqualTo(Outcome.CONNECTED);
    }
  }

  @Test
  void tls12SuitesAreTheModelsInTheServersOrder() {
    try (Running r = new Running(threeCertificates().andThen(t -> t.protocols(TlsProtocol.TLS_1_2)
        .ciphers("ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-GCM-SHA256")))) {
      OpensslClient.Result both = r.client().serverName("t2.example.test")
          .with("-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305").run();
      assertThat(both.outcome()).isEqualTo(Outcome.CONNECTED);
      assertThat(both.protocol()).hasValue("TLSv1.2");
      assertThat(both.cipher()).as("the server's preference wins").hasValue("ECDHE-ECDSA-CHACHA20-POLY1305");
      OpensslClient.Result other = r.client().serverName("t2.example.test").with("-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384").run();
      assertThat(other.outcome()).as(other.toString()).isEqualTo(Outcome.REFUSED_IN_HANDSHAKE);
      assertThat(other.output()).contains("alert handshake failure");
    }
  }

  @Test
  void verifyOnNeedsACertificateFromTheCaAndRefusesAfterTheHandshakeOtherwise() {
    TestPki.Pair alice = pki.client("alice", "alice");
    TestPki other = TestPki.create(dir.resolve("other"), "another CA");
    TestPki.Pair mallory = other.client("mallory", "mallory");
    try (Running r = new Running(threeCertificates().andThen(t -> t.clientAuth(ClientAuth.required(pki.caFile()))))) {
      int before = backend.connections().size();
      OpensslClient.Result without = r.client().serverName("t2.example.test").run();
      assertThat(without.outcome()).as(without.toString()).isEqualTo(Outcome.REFUSED_AFTER_HANDSHAKE);
      assertThat(without.output()).as("the CA is named in the certificate request")
          .contains("Acceptable client certificate CA names").contains("CN = tls test CA");
      r.logs.await("TLS handshake done, then refused: client sent no certificate, one is required");

      OpensslClient.Result untrusted = r.client().serverName("t2.example.test").certificate(mallory).run();
      assertThat(untrusted.outcome()).as(untrusted.toString()).isEqualTo(Outcome.REFUSED_AFTER_HANDSHAKE);
      r.logs.await("client certificate CN=mallory not trusted");
      assertThat(backend.connections()).hasSize(before);

      OpensslClient.Result ok = r.client().serverName("t2.example.test").certificate(alice).run();
      assertThat(ok.outcome()).as(ok.toString()).isEqualTo(Outcome.CONNECTED);
      r.logs.await("client CN=alice", "route tls-terminate -> plain");
      assertThat(r.counters().tlsFailures()).isEqualTo(2);
      assertThat(r.counters().tlsClientCertificateRefusals()).as("refused after the handshake").isEqualTo(2);
      assertThat(r.counters().tlsHandshakeFailures()).isZero();
      assertThat(r.counters().tlsHandshakes()).isEqualTo(3);
    }
  }

  @Test
  void verifyOptionalLetsClientsWithoutACertificateInButNotOnesWithABadOne() {
    TestPki other = TestPki.create(dir.resolve("other-optional"), "another CA");
    try (Running r = new Running(threeCertificates().andThen(t -> t.clientAuth(
        new ClientAuth(VerifyMode.OPTIONAL, Optional.of(pki.caFile())))))) {
      assertThat(r.client().serverName("t2.example.test").run().outcome()).isEqualTo(Outcome.CONNECTED);
      assertThat(r.client().serverName("t2.example.test").certificate(pki.client("bob", "bob")).run().outcome())
          .isEqualTo(Outcome.CONNECTED);
      assertThat(r.client().serverName("t2.example.test").certificate(other.client("eve", "eve")).run().outcome())
          .isEqualTo(Outcome.REFUSED_AFTER_HANDSHAKE);
    }
  }

  /** A topology of one tls-terminate service "half" with half-close, in front of a backend that answers at end of input. */
  static Topology halfCloseTopology(TestBackend replier) {
    return Topology.builder("tls-half")
        .backend("replier", replier.addressText())
        .service(Service.builder("half").listen("127.0.0.1:0").halfClose(true).tlsTerminate("replier", threeCertificates()))
        .build();
  }

  @Test
  void halfCloseWorksThroughTls() throws Exception {
    try (TestBackend replier = new TestBackend("replier", TestBackend.replyAtEndOfInput()).start();
        TproxyRuntime r = TproxyRuntime.start(halfCloseTopology(replier), RuntimeOptions.builder()
            .drainTimeout(Duration.ofMillis(200)).tlsProvider(provider()).build());
        javax.net.ssl.SSLSocket s = dev.tproxy.runtime.testing.JdkTlsClient.connect(r.boundAddress("half"), pki.caFile(),
            "t2.example.test")) {
      byte[] data = new byte[100_000];
      s.getOutputStream().write(data);
      s.getOutputStream().flush();
      s.shutdownOutput(); // TLS 1.3: close_notify for this direction only, then FIN
      assertThat(new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("got 100000 bytes");
    }
  }

  @Test
  void aClientSilentInItsHandshakeIsClosedAfterTheTopologysHandshakeTimeout() throws Exception {
    try (TestBackend plain = new TestBackend("plain", TestBackend.echo()).start()) {
      Topology t = Topology.builder("tls-slow")
          .backend("plain", plain.addressText())
          .service(Service.builder("slow").listen("127.0.0.1:0")
              .tlsTerminate("plain", threeCertificates().andThen(s -> s.handshakeTimeout(Duration.ofMillis(400)))))
          .build();
      try (TproxyRuntime r = TproxyRuntime.start(t, RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200))
              .tlsProvider(provider()).build());
          java.net.Socket s = new java.net.Socket()) {
        s.connect(r.boundAddress("slow"));
        s.setSoTimeout(10_000);
        long started = System.nanoTime();
        assertThat(s.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
        long millis = (System.nanoTime() - started) / 1_000_000;
        // nginx's 60 s default would keep it for the whole read timeout.
        assertThat(millis).as("closed after %d ms", millis).isBetween(300L, 5_000L);
        assertThat(plain.connections()).as("no backend connection").isEmpty();
      }
    }
  }

  /**
   * A client that sends its ClientHello and nothing more is closed at the handshake timeout with
   * the server's flight and nothing after it: no alert, as nginx (which skips SSL_shutdown during
   * a handshake). The JDK's engine, closed the usual way, would add user_canceled and close_notify.
   * TLS 1.2, so that an alert would be in the clear.
   */
  @Test
  void aClientSilentAfterItsHelloIsClosedAtTheHandshakeTimeoutWithoutAnAlert() throws Exception {
    Topology t = Topology.builder("tls-stalled")
        .backend("plain", backend.addressText())
        .service(Service.builder("stalled").listen("127.0.0.1:0")
            .tlsTerminate("plain", threeCertificates().andThen(s -> s.handshakeTimeout(Duration.ofMillis(400)))))
        .build();
    try (TproxyRuntime r = TproxyRuntime.start(t, RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200))
            .tlsProvider(provider()).build());
        java.net.Socket s = new java.net.Socket()) {
      s.connect(r.boundAddress("stalled"));
      s.setSoTimeout(10_000);
      s.getOutputStream().write(dev.tproxy.runtime.testing.ClientHellos.jdkTls12("t2.example.test"));
      byte[] answer = s.getInputStream().readAllBytes();
      List<Integer> types = new java.util.ArrayList<>();
      for (int i = 0; i + 5 <= answer.length; i += 5 + (((answer[i + 3] & 0xff) << 8) | (answer[i + 4] & 0xff))) {
        types.add(answer[i] & 0xff);
      }
      assertThat(types).as("TLS record types of the %d bytes before the end", answer.length)
          .isNotEmpty().containsOnly(22);
    }
  }

  @Test
  void largeRepliesGoThroughTlsAtTheReadersPace() throws Exception {
    try (TestBackend blaster = new TestBackend("blaster", TestBackend.blast(8 << 20)).start()) {
      Topology t = Topology.builder("tls-big")
          .backend("blaster", blaster.addressText())
          .service(Service.builder("big").listen("127.0.0.1:0").tlsTerminate("blaster", threeCertificates()))
          .build();
      try (TproxyRuntime r = TproxyRuntime.start(t, RuntimeOptions.builder().drainTimeout(Duration.ofMillis(200))
              .tlsProvider(provider()).build());
          javax.net.ssl.SSLSocket s = dev.tproxy.runtime.testing.JdkTlsClient.connect(r.boundAddress("big"), pki.caFile(),
              "t2.example.test")) {
        java.io.InputStream in = s.getInputStream();
        byte[] buf = new byte[65536];
        long total = 0;
        while (total < (8 << 20)) {
          int n = in.read(buf);
          assertThat(n).as("bytes so far: " + total).isPositive();
          for (int i = 0; i < n; i++) {
            if (buf[i] != (byte) ((total + i) % 251)) {
              throw new AssertionError("byte " + (total + i) + " differs");
            }
          }
          total += n;
          if (total < (1 << 20)) {
            Thread.sleep(1); // a slow reader at first: the relay must hold back, not buffer without bound
          }
        }
      }
    }
  }

  /**
   * Whether this provider keeps session tickets off for a service that offers TLS 1.2 only. The
   * JDK never can per service; Netty's OpenSSL engine can, but turns tickets on for every service
   * that offers TLS 1.3 (BoringSSL resumes TLS 1.3 only through tickets). StartChecks warns.
   */
  protected boolean honoursTicketsOffWithoutTls13() {
    return false;
  }

  @Test
  void sessionTicketsAndTheSessionCacheFollowTheModelAsFarAsTheProviderCan() {
    Path session = dir.resolve("session-" + provider());
    dev.tproxy.model.TlsSession ticketsOff = dev.tproxy.model.TlsSession.DEFAULT;
    try (Running r = new Running(threeCertificates().andThen(t -> t.session(ticketsOff)))) {
      OpensslClient.Result first = r.client().serverName("t2.example.test").with("-tls1_2", "-sess_out", session.toString()).run();
      assertThat(first.output()).as("a TLS 1.3 service issues tickets whatever the provider").contains("TLS session ticket:");
      OpensslClient.Result again = r.client().serverName("t2.example.test").with("-tls1_2", "-sess_in", session.toString()).run();
      assertThat(again.resumed()).as("resumed: " + again).isTrue();
    }
    try (Running r = new Running(threeCertificates().andThen(t -> t.protocols(TlsProtocol.TLS_1_2).session(ticketsOff)))) {
      OpensslClient.Result first = r.client().serverName("t2.example.test").with("-sess_out", session.toString()).run();
      assertThat(first.output().contains("TLS session ticket:")).as(first.toString()).isEqualTo(!honoursTicketsOffWithoutTls13());
      OpensslClient.Result again = r.client().serverName("t2.example.test").with("-sess_in", session.toString()).run();
      assertThat(again.resumed()).as("resumed from the cache: " + again).isTrue();
    }
    try (Running r = new Running(threeCertificates().andThen(t -> t.protocols(TlsProtocol.TLS_1_2).session(
        new dev.tproxy.model.TlsSession(0, Duration.ofMinutes(5), false))))) {
      r.client().serverName("t2.example.test").with("-sess_out", session.toString()).run();
      OpensslClient.Result again = r.client().serverName("t2.example.test").with("-sess_in", session.toString()).run();
      assertThat(again.outcome()).isEqualTo(Outcome.CONNECTED);
      // without a cache only a ticket could resume
      assertThat(again.resumed()).as("no cache: " + again).isEqualTo(!honoursTicketsOffWithoutTls13());
    }
    try (Running r = new Running(threeCertificates().andThen(t -> t.protocols(TlsProtocol.TLS_1_2).session(
        new dev.tproxy.model.TlsSession(0, Duration.ofMinutes(5), true))))) {
      OpensslClient.Result first = r.client().serverName("t2.example.test").with("-sess_out", session.toString()).run();
      assertThat(first.output()).as("tickets on").contains("TLS session ticket:");
      OpensslClient.Result again = r.client().serverName("t2.example.test").with("-sess_in", session.toString()).run();
      assertThat(again.resumed()).as("resumed from the ticket alone: " + again).isTrue();
    }
  }

  @Test
  void sessionsAreResumedFromTheCache() {
    Path session = dir.resolve("session-12");
    try (Running r = new Running(threeCertificates())) {
      OpensslClient.Result first = r.client().serverName("t2.example.test").with("-tls1_2", "-sess_out", session.toString()).run();
      assertThat(first.resumed()).isFalse();
      OpensslClient.Result second = r.client().serverName("t2.example.test").with("-tls1_2", "-sess_in", session.toString()).run();
      assertThat(second.outcome()).isEqualTo(Outcome.CONNECTED);
      assertThat(second.resumed()).as(second.toString()).isTrue();
    }
  }
}
