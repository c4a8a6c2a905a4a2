package dev.tproxy.it.tunnel;

import static dev.tproxy.runtime.testing.NetnsTestBed.CLIENT_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.SERVER_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.certs.TopologyCertificates;
import dev.tproxy.generate.GeneratedFiles;
import dev.tproxy.generate.GeneratedFilesWriter;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.it.support.Listening;
import dev.tproxy.it.support.Sshd;
import dev.tproxy.it.support.Tinyproxy;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.NetnsTestBed;
import dev.tproxy.runtime.testing.OpensslClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The done-when of issue 5: the scenario of examples/proxytunnel-endpoint, end to end, with real
 * programs. In the server namespace: Debian's sslh 1.20 on the public address (203.0.113.10:443,
 * configured by the generated front.cfg), the example's three terminators in tproxy's runtime
 * (the SNI router on :1443, the TLS terminator on :444, the client-certificate terminator on
 * :445), a real sshd on the hidden address, all transparent. In the client namespace: tinyproxy
 * as the restrictive HTTP proxy, and OpenSSH's ssh with the ProxyCommands tproxy generated from
 * the same file ({@code openssl s_client -quiet -proxy ... -connect ... -servername ...}). The
 * example file is used as it is, except that its certificate paths move to the test's directory.
 *
 * <pre>
 *  client netns 10.77.0.2                         server netns 10.77.0.1, 203.0.113.10, 192.168.255.254 (lo)
 *  ssh -> openssl s_client -proxy -> tinyproxy ==> sslh :443 -> runtime :1443 (sni) -> :444 / :445 (tls) -> sshd :22
 * </pre>
 */
class ProxytunnelEndpointIT {
  private static final Logger LOG = LoggerFactory.getLogger(ProxytunnelEndpointIT.class);
  private static final String PUBLIC_IP = "203.0.113.10";
  private static final String SSLH = "/usr/sbin/sslh";
  private static final String TERMINATORS = "sni-router,tunnel,tunnel-client-cert";

  static NetnsTestBed bed;
  static NetnsTestBed.Agent server;
  static Sshd sshd;
  static Tinyproxy tinyproxy;
  static Path home;
  static Path generated;

  @BeforeAll
  static void up() throws IOException {
    NetnsTestBed.requireExecutable(SSLH, "Debian's sslh 1.20 (package sslh); run scripts/install-debian-packages.sh");
    NetnsTestBed.requireExecutable("/usr/bin/ssh", "OpenSSH's ssh client (package openssh-client)");
    NetnsTestBed.requireExecutable("/usr/bin/openssl", "the openssl command line (package openssl)");
    bed = NetnsTestBed.create();
    Path dir = bed.directory();
    NetnsTestBed.run("ip", "-n", bed.serverNamespace(), "addr", "add", PUBLIC_IP + "/32", "dev", "lo");
    NetnsTestBed.run("ip", "-n", bed.clientNamespace(), "route", "add", PUBLIC_IP + "/32", "via", SERVER_IP);
    // The names the example uses, as the client's resolver sees them (ip netns exec mounts this over /etc/hosts).
    bed.hosts(bed.clientNamespace(), "127.0.0.1 localhost proxy.example.net\n"
        + PUBLIC_IP + " t1.yourdomain.top t2.yourdomain.top\n");

    // The example, its certificate paths moved into the test's directory. Its proxytunnel entry
    // also names the CA: proxytunnel 1.10 trusts only /etc/ssl/certs/ unless given -C
    // (ptstream.c), where a real deployment's Let's Encrypt chain is found and the test's
    // development CA is not.
    String example = Files.readString(Path.of("../examples/proxytunnel-endpoint/tproxy.yaml"), StandardCharsets.UTF_8)
        .replace("/etc/letsencrypt/", dir.resolve("letsencrypt") + "/")
        .replace("/etc/nginx/", dir.resolve("nginx-files") + "/")
        .replace("    tool: proxytunnel\n    tool-version: \"1.10\"\n",
            "    tool: proxytunnel\n    tool-version: \"1.10\"\n    ca: ~/.ssh/tproxy/ca.pem\n");
    Path topologyFile = Files.writeString(dir.resolve("tproxy.yaml"), example);
    Topology topology = TopologyLoader.load(topologyFile);
    home = Files.createDirectories(dir.resolve("home"));
    TopologyCertificates.create(topology, TopologyCertificates.Options.in(dir.resolve("ca")).withHome(home));
    generated = dir.resolve("generated");
    GeneratedFiles files = Generator.generate(topology, GeneratorOptions.defaults());
    new GeneratedFilesWriter().write(files, generated);

    sshd = Sshd.start(bed, bed.serverNamespace(), HIDDEN_IP + ":22");
    server = bed.agent(bed.serverNamespace());
    server.call("backend web " + HIDDEN_IP + " 443");
    server.call("runtime terminators " + topologyFile + " KEEP_CLIENT_PORT " + TERMINATORS);
    bed.startLogged(bed.serverNamespace(), dir.resolve("sslh.log"), SSLH, "-F" + generated.resolve("sslh/front.cfg"));
    Listening.await(bed.serverNamespace(), PUBLIC_IP + ":443", "sslh 1.20 (log: " + dir.resolve("sslh.log") + ")");
    tinyproxy = Tinyproxy.start(bed, bed.clientNamespace(), "127.0.0.1", 3128);
  }

  @AfterAll
  static void down() {
    if (server != null) {
      LOG.info("runtime log (server namespace):\n{}", server.log());
    }
    if (sshd != null) {
      LOG.info("sshd log:\n{}", sshd.log());
    }
    if (tinyproxy != null) {
      LOG.info("tinyproxy log:\n{}", tinyproxy.log());
    }
    if (bed != null) {
      bed.close();
    }
  }

  /** What ssh printed and how it ended. */
  record SshRun(int exit, String output) {}

  /** Runs ssh in the client namespace with an ssh_config file, printing what sshd says the connection is. */
  private static SshRun ssh(Path config, String host) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", bed.clientNamespace(), "env",
        "HOME=" + home,
        // the development CA for s_client's default verify paths (the t2 entry names no CAfile:
        // a real deployment would have a publicly trusted certificate there)
        "SSL_CERT_FILE=" + home.resolve(".ssh/tproxy/ca.pem"),
        "ssh", "-F", config.toString(), "-i", sshd.clientKey().toString(),
        "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30",
        "-o", "UserKnownHostsFile=" + bed.directory().resolve("known_hosts"), "-o", "StrictHostKeyChecking=no",
        "-l", "root", host, "echo SSH_CONNECTION=$SSH_CONNECTION"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ssh did not finish: " + out);
    }
    LOG.info("ssh {} ({}) exited {}:\n{}", host, config.getFileName(), p.exitValue(), out);
    return new SshRun(p.exitValue(), out);
  }

  @Test
  void sshReachesSshdThroughTheTlsTerminatorOn444() throws Exception {
    SshRun run = ssh(generated.resolve("ssh/t2-alias.conf"), "t2-alias");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).as("sshd saw the client's own address").contains("SSH_CONNECTION=" + CLIENT_IP + " ");
    assertThat(run.output()).contains(" " + HIDDEN_IP + " 22");
    String tunnelLine = "connections - tunnel " + CLIENT_IP + ":";
    Eventually.await("the runtime logged the tunnel connection", Duration.ofSeconds(10),
        () -> server.log().lines().anyMatch(l -> l.contains(tunnelLine) && l.contains("sni t2.yourdomain.top")
            && l.contains("route tls-terminate -> sshd") && l.contains("-> " + HIDDEN_IP + ":22 (transparent")));
    assertThat(server.log()).contains("sni-router " + CLIENT_IP + ":").contains("route sni t2.yourdomain.top -> tunnel");
  }

  /**
   * The example's entry for Debian 12's own proxytunnel (1.10): it sends the host of -d as SNI,
   * verifies the certificate against the default CA paths (here the development CA) and tunnels
   * through the HTTP proxy like s_client.
   */
  @Test
  void sshReachesSshdThroughDebiansProxytunnelOn444() throws Exception {
    NetnsTestBed.requireExecutable("/usr/bin/proxytunnel", "Debian's proxytunnel 1.10 (package proxytunnel)");
    Path config = generated.resolve("ssh/t2.yourdomain.top.conf");
    assertThat(Files.readString(config)).contains(
        "ProxyCommand proxytunnel -e -p proxy.example.net:3128 -d t2.yourdomain.top:443 -C ~/.ssh/tproxy/ca.pem");
    SshRun run = ssh(config, "t2.yourdomain.top");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).as("sshd saw the client's own address").contains("SSH_CONNECTION=" + CLIENT_IP + " ");
    Eventually.await("the runtime logged the proxytunnel connection at the :444 terminator", Duration.ofSeconds(10),
        () -> server.log().lines().filter(l -> l.contains("connections - tunnel " + CLIENT_IP + ":"))
            .filter(l -> l.contains("sni t2.yourdomain.top")).count() >= 1);
  }

  @Test
  void sshReachesSshdThroughTheClientCertificateTerminatorOn445WithItsCertificate() throws Exception {
    SshRun run = ssh(generated.resolve("ssh/cryptic.foo.notexist.conf"), "cryptic.foo.notexist");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("SSH_CONNECTION=" + CLIENT_IP + " ");
    Eventually.await("the runtime logged the client-certificate connection", Duration.ofSeconds(10),
        () -> server.log().lines().anyMatch(l -> l.contains("connections - tunnel-client-cert " + CLIENT_IP + ":")
            && l.contains("client CN=cryptic.foo.notexist") && l.contains("route tls-terminate -> sshd")
            && l.contains("-> " + HIDDEN_IP + ":22 (transparent")));
  }

  @Test
  void withoutTheClientCertificateThe445TerminatorRefusesAfterTheHandshakeAndSshdNeverSeesIt() throws Exception {
    String config = Files.readString(generated.resolve("ssh/cryptic.foo.notexist.conf"))
        .replace(" -cert ~/.ssh/tproxy/client.pem -key ~/.ssh/tproxy/client.key", "");
    assertThat(config).doesNotContain(" -cert ").doesNotContain(" -key ");
    Path noCert = Files.writeString(bed.directory().resolve("no-cert.conf"), config);
    long sshdConnectionsBefore = sshd.log().lines().filter(l -> l.startsWith("Connection from")).count();

    SshRun run = ssh(noCert, "cryptic.foo.notexist");
    assertThat(run.exit()).as("ssh fails without the client certificate: " + run.output()).isEqualTo(255);
    Eventually.await("the runtime says at which step it refused", Duration.ofSeconds(10),
        () -> server.log().contains("closed TLS handshake done, then refused: client sent no certificate, one is required"));
    // The same tunnel step by step with the OpenSSL client: TLS is established, then closed before sshd.
    OpensslClient.Result without = OpensslClient.connect("t1.yourdomain.top:443").inNamespace(bed.clientNamespace())
        .proxy("proxy.example.net:3128").serverName("cryptic.foo.notexist")
        .with("-CAfile", home.resolve(".ssh/tproxy/ca.pem").toString())
        .answeredWhen(out -> out.contains("SSH-2.0-")).run();
    assertThat(without.outcome()).as(without.toString()).isEqualTo(OpensslClient.Outcome.REFUSED_AFTER_HANDSHAKE);
    assertThat(without.output()).contains("Verify return code: 0 (ok)");
    OpensslClient.Result with = OpensslClient.connect("t1.yourdomain.top:443").inNamespace(bed.clientNamespace())
        .proxy("proxy.example.net:3128").serverName("cryptic.foo.notexist")
        .with("-CAfile", home.resolve(".ssh/tproxy/ca.pem").toString(),
            "-cert", home.resolve(".ssh/tproxy/client.pem").toString(), "-key", home.resolve(".ssh/tproxy/client.key").toString())
        .answeredWhen(out -> out.contains("SSH-2.0-OpenSSH")).run();
    assertThat(with.outcome()).as(with.toString()).isEqualTo(OpensslClient.Outcome.CONNECTED);
    Eventually.await("sshd logged the connection with the certificate", Duration.ofSeconds(10),
        () -> sshd.log().lines().filter(l -> l.startsWith("Connection from")).count() > sshdConnectionsBefore);
    long sshdConnectionsAfter = sshd.log().lines().filter(l -> l.startsWith("Connection from")).count();
    assertThat(sshdConnectionsAfter).as("only the client with the certificate reached sshd; sshd log:\n" + sshd.log())
        .isEqualTo(sshdConnectionsBefore + 1);
  }
}
