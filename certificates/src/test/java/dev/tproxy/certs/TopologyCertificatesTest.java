package dev.tproxy.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tproxy.model.ClientAuth;
import dev.tproxy.model.HostPort;
import dev.tproxy.model.Service;
import dev.tproxy.model.SshClient;
import dev.tproxy.model.Target;
import dev.tproxy.model.Topology;
import dev.tproxy.pem.PemContentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyCertificatesTest {

  @TempDir Path dir;

  private Topology topology() {
    return Topology.builder("t")
        .backend("sshd", "127.0.0.1:22")
        .service(Service.builder("tunnel").listen("127.0.0.1:8444")
            .tlsTerminate("sshd", tls -> tls
                .certificate(dir.resolve("srv/t2.pem"), dir.resolve("srv/t2.key"), "t2.example.org")
                .clientAuth(ClientAuth.required(dir.resolve("srv/client-ca.pem")))))
        .client(new SshClient("laptop", Target.of("tunnel"), new HostPort("t2.example.org", 443), Optional.empty(),
            Optional.empty(), Optional.of(Path.of("~/.ssh/t/client.pem")), Optional.of(Path.of("~/.ssh/t/client.key")),
            Optional.of(Path.of("~/.ssh/t/ca.pem")), null, null, null))
        .build();
  }

  @Test
  void createsEverythingTheTopologyNamesThenKeepsIt() throws Exception {
    TopologyCertificates.Options options = TopologyCertificates.Options.in(dir.resolve("ca")).withHome(dir.resolve("home"));
    List<TopologyCertificates.Result> first = TopologyCertificates.create(topology(), options);
    assertThat(first).extracting(TopologyCertificates.Result::purpose, TopologyCertificates.Result::outcome).containsExactly(
        tuple("development CA", TopologyCertificates.Outcome.CREATED),
        tuple("server t2.example.org for tunnel", TopologyCertificates.Outcome.CREATED),
        tuple("client CA for tunnel", TopologyCertificates.Outcome.CREATED),
        tuple("client laptop", TopologyCertificates.Outcome.CREATED),
        tuple("server CA for client laptop", TopologyCertificates.Outcome.CREATED));
    assertThat(Files.exists(dir.resolve("home/.ssh/t/client.key"))).isTrue();
    assertThat(Openssl.run(dir, "verify", "-CAfile", "srv/client-ca.pem", "-purpose", "sslclient", "home/.ssh/t/client.pem"))
        .contains("OK");
    assertThat(Openssl.run(dir, "verify", "-CAfile", "home/.ssh/t/ca.pem", "-verify_hostname", "t2.example.org", "srv/t2.pem"))
        .contains("OK");

    byte[] key = Files.readAllBytes(dir.resolve("srv/t2.key"));
    List<TopologyCertificates.Result> second = TopologyCertificates.create(topology(), options);
    assertThat(second).extracting(TopologyCertificates.Result::outcome).containsOnly(TopologyCertificates.Outcome.KEPT);
    assertThat(Files.readAllBytes(dir.resolve("srv/t2.key"))).isEqualTo(key);

    List<TopologyCertificates.Result> third = TopologyCertificates.create(topology(), options.overwriting(true));
    assertThat(third).extracting(TopologyCertificates.Result::outcome).containsOnly(TopologyCertificates.Outcome.REPLACED);
    assertThat(Files.readAllBytes(dir.resolve("srv/t2.key"))).isNotEqualTo(key);
  }

  @Test
  void aLoneKeyIsNeverPairedWithANewCertificate() throws Exception {
    Files.createDirectories(dir.resolve("srv"));
    Files.writeString(dir.resolve("srv/t2.key"), "somebody's key\n");
    TopologyCertificates.Options options = TopologyCertificates.Options.in(dir.resolve("ca")).withHome(dir.resolve("home"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopologyCertificates.create(topology(), options))
        .isInstanceOf(PemContentException.class)
        .hasMessageContaining("t2.key exists without").hasMessageContaining("ask to overwrite");
    assertThat(Files.readString(dir.resolve("srv/t2.key"))).isEqualTo("somebody's key\n");
  }
}
