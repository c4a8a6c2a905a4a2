package dev.tproxy.it.tunnel;

import static dev.tproxy.runtime.testing.NetnsTestBed.CLIENT_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.it.support.Listening;
import dev.tproxy.it.support.Nginx;
import dev.tproxy.it.tunnel.ProxytunnelEndpointChain.SshRun;
import dev.tproxy.runtime.testing.NetnsTestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference document's whole chain on the files tproxy generates from
 * examples/proxytunnel-endpoint, and nothing else: the generated routing script sets up the
 * hidden address and its policy routing in the server namespace, the generated certificate-ACL
 * script lets nginx's user (www-data) read the certificates that tproxy's CA made, Debian's sslh
 * 1.20 runs the generated front.cfg and Debian's nginx 1.22 the generated nginx.conf (the SNI
 * router on :1443 and both terminators, workers as www-data), all transparent; ssh arrives
 * through tinyproxy with the generated ProxyCommands.
 *
 * <pre>
 *  client netns 10.77.0.2                         server netns 10.77.0.1, 203.0.113.10, 192.168.255.254 (routing script)
 *  ssh -> openssl s_client / proxytunnel -> tinyproxy ==> sslh :443 -> nginx :1443 (sni) -> :444 / :445 (tls) -> sshd :22
 * </pre>
 */
class ProxytunnelEndpointAllGeneratedIT {
  private static final Logger LOG = LoggerFactory.getLogger(ProxytunnelEndpointAllGeneratedIT.class);
  private static final String TOPOLOGY = "proxytunnel-endpoint";

  static ProxytunnelEndpointChain chain;
  static Path nginxErrorLog;
  static String routingOutput;

  @BeforeAll
  static void up() throws IOException {
    Nginx.requireInstalled();
    NetnsTestBed.requireExecutable("/usr/bin/setfacl", "setfacl (package acl), which the generated certificate-ACL script runs");
    NetnsTestBed bed = NetnsTestBed.createWithoutRouting();
    Path dir = bed.directory();
    nginxErrorLog = dir.resolve("nginx-error.log");
    try {
      chain = ProxytunnelEndpointChain.prepare(bed, GeneratorOptions.builder()
          .nginxConfigDirectory(dir.resolve("generated/nginx"))
          .nginxPidFile(dir.resolve("nginx.pid"))
          .nginxErrorLog(nginxErrorLog)
          .build());
    } catch (IOException | RuntimeException | AssertionError e) {
      bed.close();
      throw e;
    }
    Path generated = chain.generated;
    // The routing script, as its unit runs it at boot, inside the server namespace.
    routingOutput = NetnsTestBed.run("ip", "netns", "exec", bed.serverNamespace(), "bash",
        generated.resolve("sbin/tproxy-" + TOPOLOGY + "-routing.sh").toString(), "up");
    // A real system's /etc is world-searchable; the test's temporary directory is not.
    for (Path p = dir.resolve("letsencrypt"); p.startsWith(dir.getParent()) && !p.equals(dir.getParent()); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    NetnsTestBed.run("bash", generated.resolve("sbin/tproxy-" + TOPOLOGY + "-certificate-acl.sh").toString());
    chain.startSshd();
    Nginx.requireInstalled();
    String test = NetnsTestBed.run("ip", "netns", "exec", bed.serverNamespace(), Nginx.NGINX, "-t",
        "-e", nginxErrorLog.toString(), "-c", generated.resolve("nginx/nginx.conf").toString());
    assertThat(test).contains("test is successful");
    bed.startLogged(bed.serverNamespace(), dir.resolve("nginx.out"), Nginx.NGINX, "-e", nginxErrorLog.toString(),
        "-c", generated.resolve("nginx/nginx.conf").toString(), "-g", "daemon off;");
    for (String port : List.of("1443", "444", "445")) {
      Listening.await(bed.serverNamespace(), HIDDEN_IP + ":" + port, "nginx (error log: " + nginxErrorLog + ")");
    }
    chain.startSslh();
    chain.startTinyproxy();
  }

  @AfterAll
  static void down() {
    if (chain != null) {
      LOG.info("nginx error log:\n{}", chain.read(nginxErrorLog));
      chain.close();
    }
  }

  @Test
  void theRoutingScriptPutTheHiddenAddressAndItsPolicyRoutingInPlace() {
    String server = chain.bed.serverNamespace();
    assertThat(NetnsTestBed.run("ip", "-n", server, "-4", "-o", "addr", "show")).contains(HIDDEN_IP + "/32");
    assertThat(NetnsTestBed.run("ip", "-n", server, "rule", "show")).contains("from " + HIDDEN_IP + " lookup 111");
    assertThat(NetnsTestBed.run("ip", "-n", server, "route", "show", "table", "111")).contains("local default");
  }

  @Test
  void nginxWorkersRunAsWwwDataAndReadTheCertificatesThroughTheAcl() {
    String workers = NetnsTestBed.run("ps", "-o", "user=,args=", "-C", "nginx");
    assertThat(workers).as(workers).contains("www-data nginx: worker process");
    String acl = NetnsTestBed.run("getfacl", "-p", chain.bed.directory().resolve("letsencrypt/live").toString());
    assertThat(acl).contains("user:www-data:r-x", "default:user:www-data:r-x");
  }

  @Test
  void sshReachesSshdThroughNginxsTlsTerminatorOn444() throws Exception {
    SshRun run = chain.ssh(chain.generated.resolve("ssh/t2-alias.conf"), "t2-alias");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).as("sshd saw the client's own address").contains("SSH_CONNECTION=" + CLIENT_IP + " ");
    assertThat(run.output()).contains(" " + HIDDEN_IP + " 22");
  }

  @Test
  void sshReachesSshdThroughDebiansProxytunnelOn444() throws Exception {
    NetnsTestBed.requireExecutable("/usr/bin/proxytunnel", "Debian's proxytunnel 1.10 (package proxytunnel)");
    SshRun run = chain.ssh(chain.generated.resolve("ssh/t2.yourdomain.top.conf"), "t2.yourdomain.top");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).as("sshd saw the client's own address").contains("SSH_CONNECTION=" + CLIENT_IP + " ");
  }

  @Test
  void sshReachesSshdThroughTheClientCertificateTerminatorOn445WithItsCertificate() throws Exception {
    SshRun run = chain.ssh(chain.generated.resolve("ssh/cryptic.foo.notexist.conf"), "cryptic.foo.notexist");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("SSH_CONNECTION=" + CLIENT_IP + " ");
  }

  @Test
  void withoutTheClientCertificateNginxRefusesAndSshdNeverSeesIt() throws Exception {
    String config = Files.readString(chain.generated.resolve("ssh/cryptic.foo.notexist.conf"))
        .replace(" -cert ~/.ssh/tproxy/client.pem -key ~/.ssh/tproxy/client.key", "");
    assertThat(config).doesNotContain(" -cert ").doesNotContain(" -key ");
    Path noCert = Files.writeString(chain.bed.directory().resolve("no-cert.conf"), config);
    long before = chain.sshdConnections();
    SshRun run = chain.ssh(noCert, "cryptic.foo.notexist");
    assertThat(run.exit()).as("ssh fails without the client certificate: " + run.output()).isEqualTo(255);
    // (nginx logs "client sent no required SSL certificate" at level info, below the generated error_log's)
    assertThat(chain.sshdConnections()).as("sshd never saw it; sshd log:\n" + chain.sshd.log()).isEqualTo(before);
  }
}
