package dev.tproxy.generate.internal.systemd;

import static dev.tproxy.generate.Topologies.file;
import static dev.tproxy.generate.Topologies.transparent;
import static dev.tproxy.generate.Topologies.withServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.generate.GeneratedFiles;
import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.generate.Topologies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Units for sslh, the routing unit and drop-ins. */
class SystemdFilesTest {

  static String sslh(String version, String listen, boolean transparent) {
    return "  - name: front\n    engine: sslh\n    engine-version: \"" + version + "\"\n    listen: [\"" + listen + "\"]\n"
        + "    transparent: " + transparent + "\n    demux: {rules: [{probe: ssh, target: sshd}]}\n";
  }

  @Test
  void sslh120NeedsNetAdminForTransparency() {
    String unit = file(transparent(sslh("1.20", "192.168.255.254:443", true)), "systemd/sslh-front.service");
    assertThat(unit).contains("\nAmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_ADMIN\n")
        .contains("\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_ADMIN\n")
        .doesNotContainPattern("(?m)^[A-Za-z]+=.*CAP_NET_RAW");
  }

  @Test
  void sslh122AndLaterNeedNetRawAndSslh21AndLaterMaySandboxThemselves() {
    String unit = file(transparent(sslh("2.2", "192.168.255.254:443", true)), "systemd/sslh-front.service");
    assertThat(unit).contains("\nSystemCallFilter=landlock_create_ruleset landlock_add_rule landlock_restrict_self\n");
    assertThat(file(transparent(sslh("1.20", "192.168.255.254:443", true)), "systemd/sslh-front.service"))
        .doesNotContain("landlock");
    assertThat(unit).contains("\nAmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW\n")
        .doesNotContainPattern("(?m)^[A-Za-z]+=.*CAP_NET_ADMIN");
  }

  @Test
  void withoutTransparencyOrLowPortsNoCapabilityIsGranted() {
    String unit = file(withServices(sslh("1.20", "127.0.0.1:8443", false)), "systemd/sslh-front.service");
    assertThat(unit).doesNotContain("AmbientCapabilities").contains("\nCapabilityBoundingSet=\n");
  }

  @Test
  void theConfigurationIsOneWordWithF() {
    String unit = file(withServices(sslh("1.20", "127.0.0.1:8443", false)), "systemd/sslh-front.service");
    assertThat(unit).contains("\nExecStart=/usr/sbin/sslh -F/etc/sslh/front.cfg\n");
    GeneratorOptions options = GeneratorOptions.builder().sslhConfigDirectory(Path.of("/etc/my sslh/100%")).build();
    GeneratedFiles files = Generator.generate(Topologies.of(withServices(sslh("1.20", "127.0.0.1:8443", false))), options);
    assertThat(files.file("systemd/sslh-front.service").orElseThrow().content())
        .contains("\nExecStart=/usr/sbin/sslh \"-F/etc/my sslh/100%%/front.cfg\"\n");
  }

  @Test
  void unitsRequireTheRoutingUnitOnlyWhenThereIsRouting() {
    GeneratedFiles withRouting = Topologies.generate(transparent(sslh("1.20", "192.168.255.254:443", true)
        + "  - {name: hop, engine: nginx, listen: [\"192.168.255.254:4443\"], forward: {target: sshd}}\n"));
    assertThat(withRouting.file("systemd/sslh-front.service").orElseThrow().content())
        .contains("\nRequires=tproxy-t-routing.service\nAfter=tproxy-t-routing.service\n");
    assertThat(withRouting.file("systemd/nginx.service.d/tproxy-t.conf").orElseThrow().content())
        .contains("\nRequires=tproxy-t-routing.service\nAfter=tproxy-t-routing.service\n");
    assertThat(withRouting.file("systemd/tproxy-t-routing.service").orElseThrow().content())
        .contains("\nExecStart=/usr/local/sbin/tproxy-t-routing.sh up\nExecStop=/usr/local/sbin/tproxy-t-routing.sh down\n")
        .contains("\nBefore=network.target shutdown.target\n").contains("\nCapabilityBoundingSet=CAP_NET_ADMIN\n");

    GeneratedFiles without = Topologies.generate(withServices(sslh("1.20", "127.0.0.1:8443", false)
        + "  - {name: hop, engine: nginx, listen: [\"127.0.0.1:4443\"], forward: {target: sshd}}\n"));
    assertThat(without.paths()).containsExactly("README.txt", "nginx/nginx.conf", "nginx/stream.conf", "sslh/front.cfg",
        "systemd/sslh-front.service");
    assertThat(without.file("systemd/sslh-front.service").orElseThrow().content()).doesNotContain("routing");
  }

  @Test
  void aCapabilityThatDoesNotExistIsRefusedEvenFromAReplacedTemplate(@TempDir Path dir) throws IOException {
    Path t = Files.createDirectories(dir.resolve("systemd")).resolve("sslh.service.systemd.ftl");
    Files.writeString(t, "[Service]\nExecStart=[=view.binary]\nCapabilityBoundingSet=CAP_SETGIT CAP_NET_RAW\n");
    GeneratorOptions options = GeneratorOptions.builder().templateDirectory(dir).build();
    assertThatThrownBy(() -> Generator.generate(Topologies.of(withServices(sslh("2.3", "127.0.0.1:8443", false))), options))
        .isInstanceOf(GenerationException.class).hasMessageStartingWith("service \"front\": ")
        .hasMessageContaining("names the capability CAP_SETGIT, which does not exist");
  }

  @Test
  void theCapabilityListIsTheKernels() {
    assertThat(LinuxCapabilities.NAMES).hasSize(41).startsWith("CAP_CHOWN").endsWith("CAP_CHECKPOINT_RESTORE");
    assertThat(LinuxCapabilities.NAMES.indexOf("CAP_NET_ADMIN")).isEqualTo(12);
    assertThat(LinuxCapabilities.NAMES.indexOf("CAP_NET_RAW")).isEqualTo(13);
    assertThat(LinuxCapabilities.isKnown("CAP_SETGIT")).isFalse();
  }
}
