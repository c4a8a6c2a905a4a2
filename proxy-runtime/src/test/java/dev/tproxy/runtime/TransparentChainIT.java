package dev.tproxy.runtime;

import static dev.tproxy.runtime.testing.NetnsTestBed.CLIENT_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.SERVER_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.NetnsTestBed;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Transparent connects as the reference document describes them, in network namespaces the test
 * makes: the backend must see the client's own address, and the port tells which bind won.
 *
 * <pre>
 *  client netns 10.77.0.2  ==veth==  server netns 10.77.0.1, hidden 192.168.255.254 on lo,
 *                                    ip rule from 192.168.255.254 table 111, local 0/0 dev lo table 111
 * </pre>
 */
class TransparentChainIT {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TransparentChainIT.class);
  private static final String SSLH = "/usr/sbin/sslh";

  static NetnsTestBed bed;
  static NetnsTestBed.Agent server;
  static NetnsTestBed.Agent client;

  @BeforeAll
  static void up() {
    bed = NetnsTestBed.create();
    server = bed.agent(bed.serverNamespace());
    client = bed.agent(bed.clientNamespace());
    server.call("backend sshd " + HIDDEN_IP + " 22");
  }

  @AfterAll
  static void down() {
    if (server != null) {
      LOG.info("runtime log in the server namespace:\n{}", server.log());
    }
    if (bed != null) {
      bed.close();
    }
  }

  /**
   * Starts a runtime named {@code id} with one transparent service of that name in the server
   * namespace, binding as {@code bind} ({@code transparent-bind} in the topology).
   */
  private static void runtime(String id, String listen, String stage, String backends, String bind) {
    server.call("runtime " + id + " " + bed.file(id + ".yaml", topology(id, listen, stage, backends, bind)));
  }

  /** A topology of one service, {@code stage} written in YAML. */
  private static String topology(String name, String listen, String stage, String backends, String bind) {
    return "name: " + name + "\n"
        + "network: {method: dedicated-address, interface: tproxy0, address: 192.168.255.254/32,"
        + " fallback-device: lo, table: {id: 111, name: tproxy}}\n"
        + "backends:\n" + backends
        + "services:\n"
        + "  - name: " + name + "\n"
        + "    listen: [\"" + listen + "\"]\n"
        + "    transparent: true\n"
        + "    transparent-bind: " + bind + "\n"
        + "    " + stage + "\n";
  }

  private static final String SSHD = "  - {name: sshd, address: \"" + HIDDEN_IP + ":22\"}\n";

  /** What the client saw: its own port and the peer the backend saw. */
  record Seen(int clientPort, String backendPeerIp, int backendPeerPort) {}

  private static final Pattern CONNECT =
      Pattern.compile("local=([0-9.]+):(\\d+) echo=true BACKEND sshd peer=([0-9.]+):(\\d+)");

  private static Seen connect(NetnsTestBed.Agent from, String ip, int port) {
    String answer = from.call("connect " + ip + " " + port);
    Matcher m = CONNECT.matcher(answer);
    assertThat(m.find()).as("client answer: %s", answer).isTrue();
    LOG.info("client {}:{} -> {}:{}; the backend saw peer {}:{}", m.group(1), m.group(2), ip, port, m.group(3), m.group(4));
    return new Seen(Integer.parseInt(m.group(2)), m.group(3), Integer.parseInt(m.group(4)));
  }

  @Test
  void directTransparentForwardKeepsTheClientsAddressAndPort() {
    runtime("direct", SERVER_IP + ":6001",
        "forward: {target: sshd}", SSHD, "keep-client-port");
    Seen seen = connect(client, SERVER_IP, 6001);
    assertThat(seen.backendPeerIp()).isEqualTo(CLIENT_IP);
    assertThat(seen.backendPeerPort()).isEqualTo(seen.clientPort());
    assertThat(server.call("counters direct direct")).contains("kept=1 ");
  }

  @Test
  void behindAnotherRuntimeThePortIsKept() {
    runtime("hop", HIDDEN_IP + ":7002",
        "forward: {target: sshd}", SSHD, "keep-client-port");
    runtime("front", SERVER_IP + ":6002",
        "demux: {rules: [{probe: ssh, target: hop}]}",
        "  - {name: hop, address: \"" + HIDDEN_IP + ":7002\"}\n", "keep-client-port");
    Seen seen = connect(client, SERVER_IP, 6002);
    assertThat(seen.backendPeerIp()).isEqualTo(CLIENT_IP);
    // both hops set SO_REUSEADDR, so the second may bind the address and port the first holds
    assertThat(seen.backendPeerPort()).isEqualTo(seen.clientPort());
    assertThat(server.call("counters front front")).contains("kept=1 ");
    assertThat(server.call("counters hop hop")).contains("kept=1 ");
  }

  @Test
  void behindDebianSslh120TheFirstBindFailsAndTheFallbackKeepsTheClientAddress() {
    NetnsTestBed.requireExecutable(SSLH, "Debian's sslh 1.20 (package sslh); run scripts/install-debian-packages.sh");
    assertThat(NetnsTestBed.run(SSLH, "-V")).as("the uncooperative first hop of this test").contains("1.20");
    runtime("behind-sslh", HIDDEN_IP + ":7003",
        "forward: {target: sshd}", SSHD, "keep-client-port");
    // sslh 1.20 binds (client ip, client port) without SO_REUSEADDR: it is uncooperative, so first in the chain
    bed.start(bed.serverNamespace(), SSLH, "-f", "-n", "--transparent", "-t", "2",
        "-p", SERVER_IP + ":6003", "--ssh", HIDDEN_IP + ":7003");
    waitUntilListening(SERVER_IP, 6003);
    Seen seen = connect(client, SERVER_IP, 6003);
    assertThat(seen.backendPeerIp()).isEqualTo(CLIENT_IP);
    assertThat(seen.backendPeerPort()).as("sslh holds the client's port, so the fallback picked another")
        .isNotEqualTo(seen.clientPort());
    assertThat(server.call("counters behind-sslh behind-sslh")).contains("newAfterConflict=1 ").contains("failures=0");
    // the runtime's log line for the connection, written when it closes
    String line = "behind-sslh " + CLIENT_IP + ":" + seen.clientPort() + " -> " + HIDDEN_IP + ":7003 route forward -> sshd"
        + " upstream " + CLIENT_IP + ":" + seen.backendPeerPort() + " -> " + HIDDEN_IP + ":22"
        + " (transparent, new port: client port in use (EADDRINUSE))";
    Eventually.await("the runtime logged " + line, () -> server.log().contains(line));
  }

  @Test
  void alwaysNewPortPolicyNeverKeepsThePort() {
    runtime("new-port", SERVER_IP + ":6004",
        "forward: {target: sshd}", SSHD, "new-port");
    Seen seen = connect(client, SERVER_IP, 6004);
    assertThat(seen.backendPeerIp()).isEqualTo(CLIENT_IP);
    assertThat(seen.backendPeerPort()).isNotEqualTo(seen.clientPort());
    assertThat(server.call("counters new-port new-port")).contains("newByPolicy=1 ");
  }

  @Test
  void aClientOnThisMachineIsNotBoundTo() {
    runtime("local-client", SERVER_IP + ":6005",
        "forward: {target: sshd}", SSHD, "keep-client-port");
    // the client runs in the server namespace, where 10.77.0.1 is a local address (sslh is_same_machine)
    Seen seen = connect(server, SERVER_IP, 6005);
    assertThat(server.call("counters local-client local-client")).contains("skipped=1 ");
    assertThat(seen.backendPeerIp() + ":" + seen.backendPeerPort()).isNotEqualTo(SERVER_IP + ":" + seen.clientPort());
  }

  @Test
  void theAddressInATrustedProxyHeaderIsTheOneBoundTo() {
    // The client's PROXY header names 10.77.0.3:40000; the runtime trusts the client's network.
    runtime("pp-hop", SERVER_IP + ":6006",
        "proxy-protocol: {accept: true, trusted: [10.77.0.0/24]}\n    forward: {target: sshd}", SSHD, "keep-client-port");
    String answer = client.call("connect " + SERVER_IP + " 6006 10.77.0.3 40000");
    assertThat(answer).as("the backend saw the address from the header, port and all").contains("BACKEND sshd peer=10.77.0.3:40000");
    assertThat(server.call("counters pp-hop pp-hop")).contains("kept=1 ");
    Eventually.await("the log names the header's client and who sent it", () -> server.log().lines().anyMatch(l ->
        l.contains("pp-hop 10.77.0.3:40000 -> 10.77.0.1:6006 (via PROXY v1 from " + CLIENT_IP + ":")
            && l.contains("upstream 10.77.0.3:40000 -> " + HIDDEN_IP + ":22 (transparent, client port kept)")));
  }

  private static void waitUntilListening(String ip, int port) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      String sockets = NetnsTestBed.run("ip", "netns", "exec", bed.serverNamespace(), "ss", "-Htln", "src", ip);
      if (sockets.contains(ip + ":" + port)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new AssertionError(ip + ":" + port + " never listened in " + bed.serverNamespace());
  }
}
