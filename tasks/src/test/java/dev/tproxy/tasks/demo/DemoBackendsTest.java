package dev.tproxy.tasks.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Backend;
import dev.tproxy.model.DemoServer;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.pem.PemReader;
import dev.tproxy.tasks.Reporter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each stand-in answers a real client: Java's HTTP client, a socket, and OpenSSH's ssh. */
class DemoBackendsTest {

  @TempDir Path dir;
  final List<String> lines = new ArrayList<>();
  final Reporter reporter = new Reporter() {
    @Override public void info(String line) { lines.add(line); }
    @Override public void warn(String line) { lines.add(line); }
    @Override public void error(String line) { lines.add(line); }
  };

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void everyStandInAnswersARealClient() throws Exception {
    int http = freePort();
    int https = freePort();
    int echo = freePort();
    int ssh = freePort();
    Topology t = Topology.builder("demo")
        .backend(Backend.tcp("web", "127.0.0.1:" + http).withDemo(DemoServer.HTTP))
        .backend(Backend.tcp("tls", "127.0.0.1:" + https).withDemo(DemoServer.HTTPS))
        .backend(Backend.tcp("echo", "127.0.0.1:" + echo).withDemo(DemoServer.ECHO))
        .backend(Backend.tcp("sshd", "127.0.0.1:" + ssh).withDemo(DemoServer.SSH))
        .service(Service.builder("front").listen("127.0.0.1:0").forward("web"))
        .build();
    try (DemoBackends demo = DemoBackends.start(t, dir, null, reporter)) {
      assertThat(demo.count()).isEqualTo(4);
      assertThat(lines.get(0)).matches("demo backend +address +what");

      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).startsWith("hello from web (a tproxy demo backend)\nyou came from 127.0.0.1:").endsWith("request: GET /x\n");

      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", PemReader.readCertificates(dir.resolve("demo-ca/ca.pem")).get(0));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      HttpResponse<String> rs = HttpClient.newBuilder().sslContext(ctx).build().send(
          HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(rs.body()).startsWith("hello from tls (a tproxy demo backend)");

      try (Socket s = new Socket("127.0.0.1", echo)) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).startsWith("hello from echo (a tproxy demo backend); you came from 127.0.0.1:");
        s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
        assertThat(in.readLine()).isEqualTo("ping");
      }

      Process p = new ProcessBuilder("ssh", "-p", String.valueOf(ssh), "-i", dir.resolve("demo-ssh-sshd/id_ed25519").toString(),
          "-o", "UserKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "BatchMode=yes",
          "-o", "ConnectionAttempts=20", System.getProperty("user.name") + "@127.0.0.1", "echo", "through-ssh")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("through-ssh");
      assertThat(String.join("\n", lines)).contains("ssh demo (real sshd), try: ssh -p " + ssh + " -i ");
    }
  }

  @Test
  void aMissingSshdSkipsOnlyTheSshStandIn() throws Exception {
    int http = freePort();
    Topology t = Topology.builder("demo")
        .backend(Backend.tcp("web", "127.0.0.1:" + http).withDemo(DemoServer.HTTP))
        .backend(Backend.tcp("sshd", "127.0.0.1:" + freePort()).withDemo(DemoServer.SSH))
        .service(Service.builder("front").listen("127.0.0.1:0").forward("web"))
        .build();
    try (DemoBackends demo = DemoBackends.start(t, dir, null, reporter, Path.of("/nonexistent/sshd"))) {
      assertThat(demo.count()).isEqualTo(1);
      assertThat(lines).contains("demo backend sshd not started: the ssh demo for sshd needs /nonexistent/sshd"
          + " (Debian package openssh-server; scripts/install-debian-packages.sh installs it)");
    }
  }
}
