package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.certs.PemWriter;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.pem.IssuedCertificate;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.JdkTlsClient;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Let's Encrypt renewal as certbot does it: new files in {@code archive/<name>/}, then the
 * links in {@code live/<name>/} swapped to them one after the other. New connections get the new
 * certificate once both links point to a matching pair; the connection open during the renewal
 * keeps working; between the two swaps the old pair stays in use.
 */
class CertificateReloadTest {
  private static final String NAME = "t2.example.test";

  @RegisterExtension
  static final TestBackend echo = new TestBackend("echo", TestBackend.echo());

  @TempDir Path dir;

  /** Writes generation {@code n} to archive/ (fullchainN.pem, privkeyN.pem), as certbot names them. */
  private void archive(Path archive, int n, IssuedCertificate c) throws IOException {
    PemWriter.writePrivateKey(archive.resolve("privkey" + n + ".pem"), c.privateKey(), PemWriter.Existing.REFUSE);
    PemWriter.writeCertificates(archive.resolve("fullchain" + n + ".pem"), c.chain(), PemWriter.Existing.REFUSE);
  }

  /** Points {@code link} at {@code target} atomically: a new link under a temporary name, renamed over the old. */
  private static void swapLink(Path link, Path target) throws IOException {
    Path tmp = link.resolveSibling(link.getFileName() + ".new");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, target);
    Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static BigInteger serialOfANewConnection(InetSocketAddress address, Path ca) throws IOException {
    try (SSLSocket s = JdkTlsClient.connect(address, ca, NAME)) {
      return JdkTlsClient.serverCertificate(s).getSerialNumber();
    }
  }

  private static void roundTrip(SSLSocket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    InputStream in = s.getInputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    assertThat(new String(in.readNBytes(text.length()), StandardCharsets.US_ASCII)).isEqualTo(text);
  }

  @Test
  void aRenewalBySymlinkSwapIsPickedUpWithoutDroppingOpenConnections() throws Exception {
    TestPki pki = TestPki.create(dir.resolve("pki"), "reload CA");
    Path archive = Files.createDirectories(dir.resolve("letsencrypt/archive/" + NAME));
    Path live = Files.createDirectories(dir.resolve("letsencrypt/live/" + NAME));
    IssuedCertificate first = pki.issueServer(NAME);
    archive(archive, 1, first);
    Path fullchain = live.resolve("fullchain.pem");
    Path privkey = live.resolve("privkey.pem");
    Files.createSymbolicLink(fullchain, Path.of("../../archive/" + NAME + "/fullchain1.pem"));
    Files.createSymbolicLink(privkey, Path.of("../../archive/" + NAME + "/privkey1.pem"));

    Topology t = Topology.builder("reload")
        .backend("echo", echo.addressText())
        .service(Service.builder("tls").listen("127.0.0.1:0").tlsTerminate("echo", s -> s.certificate(fullchain, privkey, NAME)))
        .build();
    try (TproxyRuntime r = TproxyRuntime.start(t, RuntimeOptions.builder().certificateCheckInterval(Duration.ofMillis(50))
        .drainTimeout(Duration.ofMillis(200)).build())) {
      InetSocketAddress address = r.boundAddress("tls");
      assertThat(serialOfANewConnection(address, pki.caFile())).isEqualTo(first.leaf().getSerialNumber());
      try (SSLSocket open = JdkTlsClient.connect(address, pki.caFile(), NAME)) {
        roundTrip(open, "before the renewal\n");

        IssuedCertificate second = pki.issueServer(NAME);
        archive(archive, 2, second);
        swapLink(fullchain, Path.of("../../archive/" + NAME + "/fullchain2.pem"));
        // Half-swapped: the new certificate with the old key cannot be used; the old pair stays.
        Thread.sleep(300);
        assertThat(serialOfANewConnection(address, pki.caFile())).isEqualTo(first.leaf().getSerialNumber());
        swapLink(privkey, Path.of("../../archive/" + NAME + "/privkey2.pem"));

        Eventually.await("new connections get the renewed certificate", Duration.ofSeconds(10), () -> {
          try {
            return serialOfANewConnection(address, pki.caFile()).equals(second.leaf().getSerialNumber());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        roundTrip(open, "after the renewal, same connection\n");
        assertThat(JdkTlsClient.serverCertificate(open).getSerialNumber()).isEqualTo(first.leaf().getSerialNumber());
      }
      assertThat(r.counters("tls").tlsFailures()).isZero();
    }
    Eventually.await("the certificate watcher stopped with the runtime",
        () -> Thread.getAllStackTraces().keySet().stream().noneMatch(th -> th.getName().equals("tproxy-reload-certificates")));
  }
}
