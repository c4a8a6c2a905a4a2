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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One realisation of examples/proxytunnel-endpoint's chain, started only from what tproxy
 * produced from the example: the generated routing script (hidden address, policy routing), the
 * generated certificate-ACL script, then a front on the public :443 (sslh 1.20 on the generated
 * front.cfg, or the runtime) and the SNI router and two terminators behind it (nginx 1.22 on the
 * generated nginx.conf, or the runtime), sshd on the hidden address. The same ssh cases run
 * against every realisation, from the client namespace through tinyproxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReferenceChainRealisation {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceChainRealisation.class);
  static final String TOPOLOGY = "proxytunnel-endpoint";
  static final String FRONT = "front";
  static final String TERMINATORS = "sni-router,tunnel,tunnel-client-cert";

  /** Who realises the front on :443. */
  enum Front { SSLH, RUNTIME }

  /** Who realises the SNI router (:1443) and the terminators (:444, :445). */
  enum Terminators { NGINX, RUNTIME }

  ProxytunnelEndpointChain chain;
  Path nginxErrorLog;
  final List<NetnsTestBed.Agent> runtimes = new ArrayList<>();
  NetnsTestBed.Agent client;
  private final List<String> report = new ArrayList<>();

  abstract Front front();

  abstract Terminators terminators();

  @BeforeAll
  void up() throws IOException {
    if (terminators() == Terminators.NGINX) {
      Nginx.requireInstalled();
    }
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
    NetnsTestBed.run("ip", "netns", "exec", bed.serverNamespace(), "bash",
        generated.resolve("sbin/tproxy-" + TOPOLOGY + "-routing.sh").toString(), "up");
    // A real system's /etc is world-searchable; the test's temporary directory is not.
    for (Path p = dir.resolve("letsencrypt"); !p.equals(dir.getParent()); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    NetnsTestBed.run("bash", generated.resolve("sbin/tproxy-" + TOPOLOGY + "-certificate-acl.sh").toString());
    chain.startSshd();
    if (front() == Front.RUNTIME && terminators() == Terminators.RUNTIME) {
      startRuntime(FRONT + "," + TERMINATORS);
    } else if (terminators() == Terminators.NGINX) {
      String test = NetnsTestBed.run("ip", "netns", "exec", bed.serverNamespace(), Nginx.NGINX, "-t",
          "-e", nginxErrorLog.toString(), "-c", generated.resolve("nginx/nginx.conf").toString());
      assertThat(test).contains("test is successful");
      bed.startLogged(bed.serverNamespace(), dir.resolve("nginx.out"), Nginx.NGINX, "-e", nginxErrorLog.toString(),
          "-c", generated.resolve("nginx/nginx.conf").toString(), "-g", "daemon off;");
      for (String port : List.of("1443", "444", "445")) {
        Listening.await(bed.serverNamespace(), HIDDEN_IP + ":" + port, "nginx (error log: " + nginxErrorLog + ")");
      }
    } else {
      startRuntime(TERMINATORS);
    }
    if (front() == Front.SSLH) {
      chain.startSslh();
    } else if (terminators() == Terminators.NGINX) {
      startRuntime(FRONT);
    }
    chain.startTinyproxy();
    NetnsTestBed.Agent web = bed.agent(bed.serverNamespace());
    runtimes.add(web);
    web.call("backend web " + HIDDEN_IP + " 443");
    client = bed.agent(bed.clientNamespace());
  }

  /** The log of the (first) runtime this realisation started. */
  String runtimeLog() {
    return runtimes.get(0).log();
  }

  /** Some of the example's services in tproxy's runtime, in the server namespace, keeping client ports. */
  private void startRuntime(String services) {
    NetnsTestBed.Agent agent = chain.bed.agent(chain.bed.serverNamespace());
    runtimes.add(agent);
    agent.call("runtime r " + chain.topologyFile + " " + services);
  }

  @AfterAll
  void down() {
    if (chain != null) {
      runtimes.forEach(r -> LOG.info("runtime log:\n{}", r.log()));
      if (terminators() == Terminators.NGINX) {
        LOG.info("nginx error log:\n{}", chain.read(nginxErrorLog));
      }
      chain.close();
    }
  }

  /**
   * Whether the web backend sees the client's own port. The SNI router of the example is an
   * nginx service, and nginx always takes a new port; the runtime realises it the same way
   * (transparent-bind defaults to the engine's), so no realisation keeps the port there.
   */
  boolean clientPortKept() {
    return false;
  }

  /**
   * TLS with each server name of the example, an unknown one and none, straight to :443: the
   * front sends it to the SNI router, which sends it to the web backend (its default and t1's
   * route). The backend names the peer it saw: the client's address, and its port when every
   * hop kept it. One line per case goes to target/reference-chain/REALISATION.txt.
   */
  @ParameterizedTest
  @ValueSource(strings = {"t1.yourdomain.top", "unknown.example.org", "-"})
  void tlsReachesTheWebBackendFromTheClientsAddress(String serverName) throws IOException {
    String answer = client.call("hello " + ProxytunnelEndpointChain.PUBLIC_IP + " 443 " + serverName);
    Matcher m = Pattern.compile("local=([0-9.]+):(\\d+) BACKEND (\\S+) peer=([0-9.]+):(\\d+)").matcher(answer);
    assertThat(m.find()).as(answer).isTrue();
    String line = String.format("tls %-20s backend %-4s client %s:%s seen as %s:%s (port %s)", serverName, m.group(3),
        m.group(1), m.group(2), m.group(4), m.group(5), m.group(2).equals(m.group(5)) ? "kept" : "new");
    report.add(line);
    assertThat(m.group(3)).as(answer).isEqualTo("web");
    assertThat(m.group(4)).as("the client's address, seen by the backend: " + answer).isEqualTo(CLIENT_IP);
    assertThat(m.group(2).equals(m.group(5))).as("client port kept: " + answer).isEqualTo(clientPortKept());
  }

  /** 50 TLS clients at once: every one reaches the web backend. */
  @Test
  void fiftyParallelShortConnectionsAllReachTheWebBackend() {
    String answer = client.call("hellos 50 " + ProxytunnelEndpointChain.PUBLIC_IP + " 443 t1.yourdomain.top");
    report.add("50 parallel TLS clients: " + answer);
    assertThat(answer).isEqualTo("{BACKEND_web=50}");
  }

  /**
   * Plain HTTP to :443: the front's anyprot rule sends it to the SNI router, which finds no
   * ClientHello and takes its default route, the web backend (nginx's ssl_preread as the runtime).
   */
  @Test
  void plainHttpOn443() {
    String answer = client.call("send " + ProxytunnelEndpointChain.PUBLIC_IP + " 443 HTTP");
    report.add("plain HTTP: " + answer.replaceAll("local=\\S+ ", "").replaceAll(" peer=\\S+", ""));
    assertThat(answer).startsWith("local=" + CLIENT_IP + ":").contains(" BACKEND web peer=" + CLIENT_IP + ":");
  }

  /** A client that sends nothing: the front's probe times out after 2 s and sends it to sshd, which greets. */
  @Test
  void aSilentClientIsSentToSshdAtTheProbeTimeout() {
    String answer = client.call("send " + ProxytunnelEndpointChain.PUBLIC_IP + " 443 SILENT");
    report.add("silent client: " + answer.replaceAll("local=\\S+ ", ""));
    assertThat(answer).contains("SSH-2.0-OpenSSH");
  }

  /** 100 MB up and 100 MB down through the :444 tunnel (openssl s_client through tinyproxy), checksummed. */
  @Test
  void aHundredMegabytesEachWayThroughTheTunnelArriveIntact() throws Exception {
    Path up = chain.bed.directory().resolve("up.bin");
    byte[] block = new byte[1 << 20];
    java.util.Random random = new java.util.Random(12);
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    try (var out = Files.newOutputStream(up)) {
      for (int i = 0; i < 100; i++) {
        random.nextBytes(block);
        sha.update(block);
        out.write(block);
      }
    }
    String upSum = java.util.HexFormat.of().formatHex(sha.digest());
    Path config = chain.generated.resolve("ssh/t2-alias.conf");
    long t0 = System.nanoTime();
    SshRun upload = chain.ssh(config, "t2-alias", "sha256sum", up);
    double upSeconds = (System.nanoTime() - t0) / 1e9;
    assertThat(upload.exit()).as(upload.output()).isZero();
    assertThat(upload.output()).contains(upSum);
    // Down: the server sends 100 MB of a seeded stream (openssl's AES-CTR over zeros), the client sums it here.
    t0 = System.nanoTime();
    SshRun down = chain.ssh(config, "t2-alias",
        "head -c 104857600 /dev/zero | openssl enc -aes-128-ctr -nosalt -pass pass:tproxy -pbkdf2 | sha256sum", null);
    SshRun local = new SshRun(0, NetnsTestBed.run("bash", "-c",
        "head -c 104857600 /dev/zero | openssl enc -aes-128-ctr -nosalt -pass pass:tproxy -pbkdf2 | sha256sum"));
    double downSeconds = (System.nanoTime() - t0) / 1e9;
    assertThat(down.exit()).as(down.output()).isZero();
    String downSum = local.output().split("\\s+")[0];
    assertThat(down.output()).contains(downSum);
    report.add(String.format("100 MB up intact in %.1f s, 100 MB computed on the server and summed intact (%.1f s with the local sum)",
        upSeconds, downSeconds));
  }

  /** This realisation's lines, then report.md: every realisation's lines so far, in one file. */
  @AfterAll
  void writeReport() throws IOException {
    Path dir = Files.createDirectories(Path.of("target/reference-chain"));
    List<String> lines = new ArrayList<>(List.of("front: " + front() + ", SNI router and terminators: " + terminators(), ""));
    report.stream().sorted().forEach(l -> lines.add("- " + l));
    Files.write(dir.resolve(getClass().getSimpleName() + ".md"), lines);
    StringBuilder all = new StringBuilder("# The reference chain, case by case\n");
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith("IT.md")).sorted().toList()) {
        all.append("\n## ").append(f.getFileName().toString().replace(".md", "")).append("\n\n")
            .append(Files.readString(f));
      }
    }
    Files.writeString(dir.resolve("report.md"), all.toString());
    LOG.info("{} (also in {}):\n{}", getClass().getSimpleName(), dir.resolve("report.md"), String.join("\n", lines));
  }

  @Test
  void sshReachesSshdThroughTheTlsTerminatorOn444() throws Exception {
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
  void withoutTheClientCertificateThe445TerminatorRefusesAndSshdNeverSeesIt() throws Exception {
    long before = chain.sshdConnections();
    SshRun run = chain.ssh(configWithoutClientCertificate(), "cryptic.foo.notexist");
    assertThat(run.exit()).as("ssh fails without the client certificate: " + run.output()).isEqualTo(255);
    assertThat(chain.sshdConnections()).as("sshd never saw it; sshd log:\n" + chain.sshd.log()).isEqualTo(before);
  }

  /** The generated ssh_config entry for :445 without its client certificate. */
  Path configWithoutClientCertificate() throws IOException {
    String config = Files.readString(chain.generated.resolve("ssh/cryptic.foo.notexist.conf"))
        .replace(" -cert ~/.ssh/tproxy/client.pem -key ~/.ssh/tproxy/client.key", "");
    assertThat(config).doesNotContain(" -cert ").doesNotContain(" -key ");
    return Files.writeString(chain.bed.directory().resolve("no-cert.conf"), config);
  }
}
