package dev.tproxy.it.tunnel;

import static dev.tproxy.runtime.testing.NetnsTestBed.CLIENT_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.it.tunnel.ProxytunnelEndpointChain.SshRun;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.NetnsTestBed;
import dev.tproxy.runtime.testing.OpensslClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The scenario of examples/proxytunnel-endpoint, end to end, with real programs, realised as
 * "generated sslh front, the rest in the runtime" ({@link ProxytunnelEndpointAllGeneratedIT} has
 * every hop on the generated files): realisation (c) of {@link ReferenceChainRealisation}. In the
 * server namespace: Debian's sslh 1.20 on the public address (203.0.113.10:443,
 * configured by the generated front.cfg), the example's three terminators in tproxy's runtime
 * (the SNI router on :1443, the TLS terminator on :444, the client-certificate terminator on
 * :445), a real sshd on the hidden address, all transparent. In the client namespace: tinyproxy
 * as the restrictive HTTP proxy, and OpenSSH's ssh with the ProxyCommands tproxy generated from
 * the same file ({@code openssl s_client -quiet -proxy ... -connect ... -servername ...}). The
 * example file is used as it is, except that its certificate paths move to the test's directory.
 *
 * <pre>
 *  client netns 10.77.0.2                         server netns 10.77.0.1, 203.0.113.10, 192.168.255.254 (routing script)
 *  ssh -> openssl s_client -proxy -> tinyproxy ==> sslh :443 -> runtime :1443 (sni) -> :444 / :445 (tls) -> sshd :22
 * </pre>
 */
class ProxytunnelEndpointIT extends ReferenceChainRealisation {
  @Override
  Front front() {
    return Front.SSLH;
  }

  @Override
  Terminators terminators() {
    return Terminators.RUNTIME;
  }

  private SshRun ssh(Path config, String host) throws IOException, InterruptedException {
    return chain.ssh(config, host);
  }

  @Test
  @Override
  void sshReachesSshdThroughTheTlsTerminatorOn444() throws Exception {
    SshRun run = ssh(chain.generated.resolve("ssh/t2-alias.conf"), "t2-alias");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).as("sshd saw the client's own address").contains("SSH_CONNECTION=" + CLIENT_IP + " ");
    assertThat(run.output()).contains(" " + HIDDEN_IP + " 22");
    String tunnelLine = "connections - tunnel " + CLIENT_IP + ":";
    Eventually.await("the runtime logged the tunnel connection", Duration.ofSeconds(10),
        () -> runtimeLog().lines().anyMatch(l -> l.contains(tunnelLine) && l.contains("sni t2.yourdomain.top")
            && l.contains("route tls-terminate -> sshd") && l.contains("-> " + HIDDEN_IP + ":22 (transparent")));
    assertThat(runtimeLog()).contains("sni-router " + CLIENT_IP + ":").contains("route sni t2.yourdomain.top -> tunnel");
  }

  /**
   * The example's entry for Debian 12's own proxytunnel (1.10): it sends the host of -d as SNI,
   * verifies the certificate against the default CA paths (here the development CA) and tunnels
   * through the HTTP proxy like s_client.
   */
  @Test
  @Override
  void sshReachesSshdThroughDebiansProxytunnelOn444() throws Exception {
    NetnsTestBed.requireExecutable("/usr/bin/proxytunnel", "Debian's proxytunnel 1.10 (package proxytunnel)");
    Path config = chain.generated.resolve("ssh/t2.yourdomain.top.conf");
    assertThat(Files.readString(config)).contains(
        "ProxyCommand proxytunnel -e -p proxy.example.net:3128 -d t2.yourdomain.top:443 -C ~/.ssh/tproxy/ca.pem");
    SshRun run = ssh(config, "t2.yourdomain.top");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).as("sshd saw the client's own address").contains("SSH_CONNECTION=" + CLIENT_IP + " ");
    Eventually.await("the runtime logged the proxytunnel connection at the :444 terminator", Duration.ofSeconds(10),
        () -> runtimeLog().lines().filter(l -> l.contains("connections - tunnel " + CLIENT_IP + ":"))
            .filter(l -> l.contains("sni t2.yourdomain.top")).count() >= 1);
  }

  @Test
  @Override
  void sshReachesSshdThroughTheClientCertificateTerminatorOn445WithItsCertificate() throws Exception {
    SshRun run = ssh(chain.generated.resolve("ssh/cryptic.foo.notexist.conf"), "cryptic.foo.notexist");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("SSH_CONNECTION=" + CLIENT_IP + " ");
    Eventually.await("the runtime logged the client-certificate connection", Duration.ofSeconds(10),
        () -> runtimeLog().lines().anyMatch(l -> l.contains("connections - tunnel-client-cert " + CLIENT_IP + ":")
            && l.contains("client CN=cryptic.foo.notexist") && l.contains("route tls-terminate -> sshd")
            && l.contains("-> " + HIDDEN_IP + ":22 (transparent")));
  }

  @Test
  void withoutTheClientCertificateThe445TerminatorRefusesAfterTheHandshakeAndSshdNeverSeesIt() throws Exception {
    Path noCert = configWithoutClientCertificate();
    long sshdConnectionsBefore = chain.sshdConnections();

    SshRun run = ssh(noCert, "cryptic.foo.notexist");
    assertThat(run.exit()).as("ssh fails without the client certificate: " + run.output()).isEqualTo(255);
    Eventually.await("the runtime says at which step it refused", Duration.ofSeconds(10),
        () -> runtimeLog().contains("closed TLS handshake done, then refused: client sent no certificate, one is required"));
    // The same tunnel step by step with the OpenSSL client: TLS is established, then closed before sshd.
    OpensslClient.Result without = OpensslClient.connect("t1.yourdomain.top:443").inNamespace(chain.bed.clientNamespace())
        .proxy("proxy.example.net:3128").serverName("cryptic.foo.notexist")
        .with("-CAfile", chain.home.resolve(".ssh/tproxy/ca.pem").toString())
        .answeredWhen(out -> out.contains("SSH-2.0-")).run();
    assertThat(without.outcome()).as(without.toString()).isEqualTo(OpensslClient.Outcome.REFUSED_AFTER_HANDSHAKE);
    assertThat(without.output()).contains("Verify return code: 0 (ok)");
    OpensslClient.Result with = OpensslClient.connect("t1.yourdomain.top:443").inNamespace(chain.bed.clientNamespace())
        .proxy("proxy.example.net:3128").serverName("cryptic.foo.notexist")
        .with("-CAfile", chain.home.resolve(".ssh/tproxy/ca.pem").toString(),
            "-cert", chain.home.resolve(".ssh/tproxy/client.pem").toString(), "-key", chain.home.resolve(".ssh/tproxy/client.key").toString())
        .answeredWhen(out -> out.contains("SSH-2.0-OpenSSH")).run();
    assertThat(with.outcome()).as(with.toString()).isEqualTo(OpensslClient.Outcome.CONNECTED);
    Eventually.await("sshd logged the connection with the certificate", Duration.ofSeconds(10),
        () -> chain.sshdConnections() > sshdConnectionsBefore);
    long sshdConnectionsAfter = chain.sshdConnections();
    assertThat(sshdConnectionsAfter).as("only the client with the certificate reached sshd; sshd log:\n" + chain.sshd.log())
        .isEqualTo(sshdConnectionsBefore + 1);
  }
}
