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

  static String runtime(String name, String listen, boolean transparent, String extra) {
    return "  - name: " + name + "\n    engine: tproxy\n    listen: [\"" + listen + "\"]\n    transparent: " + transparent
        + "\n" + extra + "    forward: {target: sshd}\n";
  }

  /** One unit runs all the runtime's services, with what the launcher needs: the union of their capabilities. */
  @Test
  void theRuntimesServicesShareOneUnitWithOnlyTheCapabilitiesTheyNeed() {
    String yaml = transparent(runtime("a", "203.0.113.10:443", false, "") + runtime("b", "192.168.255.254:1443", true, ""));
    String unit = file(yaml, "systemd/tproxy-t.service");
    assertThat(unit)
        .contains("\nDescription=tproxy runtime: a, b (tproxy topology t)\n")
        .contains("\nRequires=tproxy-t-routing.service\nAfter=tproxy-t-routing.service\n")
        .contains("\nExecStartPre=/opt/tproxy/bin/tproxy validate --no-file-checks /etc/tproxy/t.yaml\n")
        .contains("\nExecStart=/opt/tproxy/bin/tproxy run --as-written /etc/tproxy/t.yaml\n")
        .contains("\nExecReload=/bin/kill -HUP $MAINPID\n")
        .contains("\nUser=tproxy\nGroup=tproxy\n")
        .contains("\nAmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW\n")
        .contains("\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_NET_RAW\n")
        .doesNotContainPattern("(?m)^[A-Za-z]+=.*CAP_NET_ADMIN")
        .doesNotContainPattern("(?m)^MemoryDenyWriteExecute=")
        .doesNotContain("DynamicUser", "LimitNOFILE");
    assertThat(file(withServices(runtime("a", "127.0.0.1:8443", false, "")), "systemd/tproxy-t.service"))
        .doesNotContain("AmbientCapabilities").contains("\nCapabilityBoundingSet=\n");
  }

  /** Two descriptors per connection and the JVM's own, rounded up to 1024; services without a limit are not counted. */
  @Test
  void maxConnectionsGiveTheUnitsTheOpenFilesTheyNeed() {
    String yaml = transparent(runtime("a", "203.0.113.10:443", true, "    max-connections: 3000\n")
        + runtime("b", "192.168.255.254:1443", true, "    max-connections: 1000\n")
        + runtime("c", "192.168.255.254:1444", true, ""));
    assertThat(file(yaml, "systemd/tproxy-t.service")).contains("\nLimitNOFILE=9216\n");
    String small = transparent(runtime("a", "203.0.113.10:443", true, "    max-connections: 300\n"));
    assertThat(file(small, "systemd/tproxy-t.service")).doesNotContain("LimitNOFILE");
    String sslh = withServices(sslh("2.3", "127.0.0.1:8443", false).replace("    demux:", "    max-connections: 600\n    demux:"));
    assertThat(file(sslh, "systemd/sslh-front.service")).contains("\nLimitNOFILE=2048\n");
    assertThat(file(withServices(sslh("2.2", "127.0.0.1:8443", false)), "systemd/sslh-front.service"))
        .doesNotContain("LimitNOFILE");
  }

  /** Without routing, a packaged unit gets a drop-in only for its open files. */
  @Test
  void nginxAndStunnelGetADropInForTheirOpenFiles() {
    String nginx = withServices("  - name: router\n    engine: nginx\n    listen: [\"127.0.0.1:7000\"]\n"
        + "    max-connections: 2000\n    sni-route: {default: web}\n");
    GeneratedFiles files = Topologies.generate(nginx);
    assertThat(files.file("systemd/nginx.service.d/tproxy-t.conf").orElseThrow().content())
        .doesNotContain("[Unit]", "Requires=").contains("\n[Service]\n").contains("\nLimitNOFILE=4096\n");
    assertThat(files.file("nginx/nginx.conf").orElseThrow().content())
        .contains("\nworker_rlimit_nofile 4096;\n").contains("\n    worker_connections 4096;\n");
    GeneratedFiles plain = Topologies.generate(nginx.replace("    max-connections: 2000\n", ""));
    assertThat(plain.paths()).noneMatch(p -> p.startsWith("systemd/"));
    assertThat(plain.file("nginx/nginx.conf").orElseThrow().content())
        .doesNotContain("worker_rlimit_nofile").contains("\n    worker_connections 1024;\n");
  }

  /** Hostile install paths and user names never become more than one word of the unit. */
  @Test
  void theRuntimesUnitEscapesWhatTheOptionsSay() {
    GeneratorOptions options = GeneratorOptions.builder().launcher(Path.of("/opt/my tproxy/bin/tproxy"))
        .topologyFile(Path.of("/etc/tproxy/$HOME%i.yaml")).javaHome(Path.of("/usr/lib/jvm/java 17")).build();
    String unit = Generator.generate(Topologies.of(withServices(runtime("a", "127.0.0.1:8443", false, ""))), options)
        .file("systemd/tproxy-t.service").orElseThrow().content();
    assertThat(unit)
        .contains("\nExecStart=\"/opt/my tproxy/bin/tproxy\" run --as-written \"/etc/tproxy/$$HOME%%i.yaml\"\n")
        .contains("\nEnvironment=\"JAVA_HOME=/usr/lib/jvm/java 17\"\n");
    for (String user : new String[] {"root", "a b", "x\nExecStart=/bin/sh", ""}) {
      assertThatThrownBy(() -> GeneratorOptions.builder().runtimeUser(user).build()).as(user)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("runtimeUser: ");
    }
    assertThatThrownBy(() -> GeneratorOptions.builder().launcher(Path.of("bin/tproxy")).build())
        .hasMessage("launcher: \"bin/tproxy\" is not an absolute path");
  }
}
