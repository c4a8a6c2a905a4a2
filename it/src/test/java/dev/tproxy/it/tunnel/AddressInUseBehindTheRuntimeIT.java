package dev.tproxy.it.tunnel;

import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.SERVER_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.it.support.Listening;
import dev.tproxy.it.support.Sshd;
import dev.tproxy.model.InvalidTopologyException;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.NetnsTestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The failure the reference document is about, reproduced with the real program: Debian's sslh
 * 1.20 behind a hop that kept the client's port (the runtime). tproxy's validator refuses the
 * topology; realised anyway (the runtime runs its own hop alone, sslh gets a hand-written
 * configuration, since the generator refuses too), sslh's bind to the client's address and port
 * fails with "Address already in use" and the client is disconnected before sshd greets it.
 */
class AddressInUseBehindTheRuntimeIT {
  private static final String PUBLIC_IP = "203.0.113.10";
  private static final String SSLH = "/usr/sbin/sslh";

  private static final String TOPOLOGY = """
      name: sslh-behind-runtime
      network: {method: dedicated-address, interface: tproxy0, address: 192.168.255.254/32, table: {id: 111, name: tproxy}}
      backends: [{name: sshd, address: "192.168.255.254:22"}]
      services:
        - name: front
          engine: tproxy
          transparent: true
          listen: ["203.0.113.10:443"]
          forward: {target: second}
        - name: second
          engine: sslh
          engine-version: "1.20"
          transparent: true
          listen: ["192.168.255.254:1443"]
          demux:
            rules: [{probe: ssh, target: sshd}]
      """;

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void validationRefusesSslh120BehindAHopThatKeptThePort(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("tproxy.yaml"), TOPOLOGY);
    assertThatThrownBy(() -> TopologyLoader.load(file)).isInstanceOf(InvalidTopologyException.class)
        .hasMessageContaining("\"second\" (sslh 1.20) cannot be a later hop of a transparent chain")
        .hasMessageContaining("Address already in use");
  }

  @Test
  void realisedAnywaySslhFailsWithAddressAlreadyInUse() throws Exception {
    NetnsTestBed.requireExecutable(SSLH, "Debian's sslh 1.20 (package sslh); run scripts/install-debian-packages.sh");
    try (NetnsTestBed bed = NetnsTestBed.create()) {
      Path dir = bed.directory();
      NetnsTestBed.run("ip", "-n", bed.serverNamespace(), "addr", "add", PUBLIC_IP + "/32", "dev", "lo");
      NetnsTestBed.run("ip", "-n", bed.clientNamespace(), "route", "add", PUBLIC_IP + "/32", "via", SERVER_IP);
      Sshd sshd = Sshd.start(bed, bed.serverNamespace(), HIDDEN_IP + ":22");
      // sslh 1.20 as the second hop, as tproxy would have written it had it not refused.
      Path cfg = Files.writeString(dir.resolve("second.cfg"), """
          foreground: true;
          numeric: true;
          transparent: true;
          timeout: 2;
          listen: ( { host: "192.168.255.254"; port: "1443"; } );
          protocols: ( { name: "ssh"; host: "192.168.255.254"; port: "22"; } );
          """);
      Path sslhLog = dir.resolve("sslh.log");
      bed.startLogged(bed.serverNamespace(), sslhLog, SSLH, "-F" + cfg);
      Listening.await(bed.serverNamespace(), HIDDEN_IP + ":1443", "sslh 1.20 (log: " + sslhLog + ")");
      // The runtime runs only its own hop, valid on its own: "second" is a backend at its address.
      Path topology = Files.writeString(dir.resolve("front.yaml"), """
          name: front-only
          network: {method: dedicated-address, interface: tproxy0, address: 192.168.255.254/32, table: {id: 111, name: tproxy}}
          backends: [{name: second, address: "192.168.255.254:1443"}]
          services:
            - name: front
              engine: tproxy
              transparent: true
              listen: ["203.0.113.10:443"]
              forward: {target: second}
          """);
      NetnsTestBed.Agent server = bed.agent(bed.serverNamespace());
      server.call("runtime r " + topology + " front");
      NetnsTestBed.Agent client = bed.agent(bed.clientNamespace());

      String answer = client.call("send " + PUBLIC_IP + " 443 SSH");
      assertThat(answer).as("the client is disconnected before sshd greets it").endsWith(" EOF");
      Eventually.await("sslh logged the bind failure: " + sslhLog, Duration.ofSeconds(10),
          () -> read(sslhLog).contains("Address already in use"));
      assertThat(sshd.log()).as("sshd never saw a connection").doesNotContain("Connection from");
      Path out = Files.createDirectories(Path.of("target/reference-chain"));
      Files.writeString(out.resolve("address-in-use.txt"), "client: " + answer + "\nsslh 1.20 log:\n"
          + Files.readString(sslhLog));
    }
  }
}
