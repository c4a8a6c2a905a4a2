package dev.tproxy.it.tunnel;

import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.SERVER_IP;

import dev.tproxy.certs.TopologyCertificates;
import dev.tproxy.generate.GeneratedFilesWriter;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.it.support.Listening;
import dev.tproxy.it.support.Sshd;
import dev.tproxy.it.support.Tinyproxy;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.testing.NetnsTestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every realisation of examples/proxytunnel-endpoint shares: the example file as it is
 * (its certificate paths moved into the test's directory), its certificates from the project's
 * CA, the files tproxy generates from it, sshd on the hidden address, sslh 1.20 on the public
 * address with the generated front.cfg, tinyproxy as the client's HTTP proxy, and ssh run in the
 * client namespace with a generated ssh_config entry. Which programs realise the front and the
 * hops behind it is the realisation's own part ({@link RunningRealisation}).
 */
final class ProxytunnelEndpointChain implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxytunnelEndpointChain.class);
  static final String PUBLIC_IP = "203.0.113.10";
  static final String SSLH = "/usr/sbin/sslh";

  final NetnsTestBed bed;
  final Path home;
  final Path generated;
  final Path topologyFile;
  final Topology topology;
  Sshd sshd;
  Tinyproxy tinyproxy;

  private ProxytunnelEndpointChain(NetnsTestBed bed, Path home, Path generated, Path topologyFile, Topology topology) {
    this.bed = bed;
    this.home = home;
    this.generated = generated;
    this.topologyFile = topologyFile;
    this.topology = topology;
  }

  /** The client's side and the example's files; nothing runs in the server namespace yet. */
  static ProxytunnelEndpointChain prepare(NetnsTestBed bed, GeneratorOptions generatorOptions) throws IOException {
    NetnsTestBed.requireExecutable(SSLH, "Debian's sslh 1.20 (package sslh); run scripts/install-debian-packages.sh");
    NetnsTestBed.requireExecutable("/usr/bin/ssh", "OpenSSH's ssh client (package openssh-client)");
    NetnsTestBed.requireExecutable("/usr/bin/openssl", "the openssl command line (package openssl)");
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
    Path home = Files.createDirectories(dir.resolve("home"));
    TopologyCertificates.create(topology, TopologyCertificates.Options.in(dir.resolve("ca")).withHome(home));
    Path generated = dir.resolve("generated");
    new GeneratedFilesWriter().write(Generator.generate(topology, generatorOptions), generated);
    return new ProxytunnelEndpointChain(bed, home, generated, topologyFile, topology);
  }

  void startSshd() {
    sshd = Sshd.start(bed, bed.serverNamespace(), HIDDEN_IP + ":22");
  }

  /** Debian's sslh 1.20 on the public address, with the generated front.cfg. */
  void startSslh() {
    Path log = bed.directory().resolve("sslh.log");
    bed.startLogged(bed.serverNamespace(), log, SSLH, "-F" + generated.resolve("sslh/front.cfg"));
    Listening.await(bed.serverNamespace(), PUBLIC_IP + ":443", "sslh 1.20 (log: " + log + ")");
  }

  void startTinyproxy() {
    tinyproxy = Tinyproxy.start(bed, bed.clientNamespace(), "127.0.0.1", 3128);
  }

  /**
   * The ssh command line (without its remote command) that runs in the client namespace with an
   * ssh_config file: sshd's key, no questions, the test's own known_hosts, root at {@code host}.
   */
  List<String> sshCommand(Path config, String host) {
    return List.of("ip", "netns", "exec", bed.clientNamespace(), "env",
        "HOME=" + home,
        // the development CA for s_client's default verify paths (the t2 entry names no CAfile:
        // a real deployment would have a publicly trusted certificate there)
        "SSL_CERT_FILE=" + home.resolve(".ssh/tproxy/ca.pem"),
        "ssh", "-F", config.toString(), "-i", sshd.clientKey().toString(),
        "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=30",
        "-o", "UserKnownHostsFile=" + bed.directory().resolve("known_hosts"), "-o", "StrictHostKeyChecking=no",
        "-l", "root", host);
  }

  /** The number of connections sshd has logged so far. */
  long sshdConnections() {
    return sshd.log().lines().filter(l -> l.startsWith("Connection from")).count();
  }

  String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no " + file + ")";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (sshd != null) {
      LOG.info("sshd log:\n{}", sshd.log());
    }
    if (tinyproxy != null) {
      LOG.info("tinyproxy log:\n{}", tinyproxy.log());
    }
    LOG.info("sslh log:\n{}", read(bed.directory().resolve("sslh.log")));
    bed.close();
  }
}
