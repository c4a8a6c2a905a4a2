package dev.tproxy.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.tools.FileChecks;
import dev.tproxy.generate.tools.TestCertificates;
import dev.tproxy.generate.tools.TestInstall;
import dev.tproxy.model.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every example generates a full file set that every real program accepts, and the files checked
 * are the golden files but for the install paths (which point into a temporary directory here).
 */
class ExampleFilesIT {
  private static final Logger LOG = LoggerFactory.getLogger(ExampleFilesIT.class);

  @TempDir
  Path tmp;

  @Test
  void proxytunnelEndpointPassesEveryValidator() throws IOException {
    TestInstall install = new TestInstall(tmp);
    // The example's certificates live under /etc: the same paths, below the temporary root.
    String yaml = Examples.yaml(Examples.PROXYTUNNEL_ENDPOINT).replaceAll("(?<=[\\s\\[,])/etc/", tmp + "/etc/");
    Topology topology = Examples.loadYaml(yaml, tmp);
    install.installCertificates(topology, new TestCertificates(tmp.resolve("certs")));

    GeneratedFiles files = install.generate(topology);
    FileChecks checks = new FileChecks(topology, files, install.out()).checkAll();

    assertThat(files.paths()).contains(
        "nginx/nginx.conf", "nginx/stream.conf", "sslh/front.cfg", "systemd/sslh-front.service",
        "systemd/tproxy-proxytunnel-endpoint-routing.service",
        "systemd/nginx.service.d/tproxy-proxytunnel-endpoint.conf",
        "iproute2/rt_tables.d/tproxy-proxytunnel-endpoint.conf", "sbin/tproxy-proxytunnel-endpoint-routing.sh",
        "sbin/tproxy-proxytunnel-endpoint-certificate-acl.sh", "ssh/t2.yourdomain.top.conf", "ssh/t2-alias.conf",
        "ssh/cryptic.foo.notexist.conf");
    assertThat(checks.exposure()).containsOnlyKeys("systemd/sslh-front.service");
    sameAsGolden(Examples.PROXYTUNNEL_ENDPOINT, files, install);
    LOG.info("proxytunnel-endpoint checks: {}", checks.checked());
    LOG.info("proxytunnel-endpoint sslh exposure: {}", checks.exposure());
  }

  @Test
  void quickstartPassesEveryValidator() throws IOException {
    TestInstall install = new TestInstall(tmp);
    Path base = tmp.resolve("examples/quickstart");
    Topology topology = Examples.load(Examples.QUICKSTART, base);
    install.installCertificates(topology, new TestCertificates(tmp.resolve("certs")));

    GeneratedFiles files = install.generate(topology);
    FileChecks checks = new FileChecks(topology, files, install.out()).checkAll();

    assertThat(checks.exposure()).containsOnlyKeys("systemd/sslh-front.service");
    String golden = tmp.toString();
    for (GeneratedFile f : files) {
      String expected = Files.readString(GoldenFilesTest.GOLDEN.resolve(Examples.QUICKSTART).resolve(f.relativePath()),
          StandardCharsets.UTF_8);
      assertThat(install.withDefaultPaths(f.content()).replace("/examples/quickstart", "/path/to/tproxy/examples/quickstart"))
          .as("%s (in %s)", f.relativePath(), golden).isEqualTo(expected);
    }
    LOG.info("quickstart checks: {}", checks.checked());
  }

  /** The runtime's own unit passes systemd-analyze verify and scores at most 2.5 (FileChecks). */
  @Test
  void runtimeServicePassesEveryValidator() throws IOException {
    TestInstall install = new TestInstall(tmp);
    String yaml = Examples.yaml(Examples.RUNTIME_SERVICE).replaceAll("(?<=[\\s\\[,])/etc/", tmp + "/etc/");
    Topology topology = Examples.loadYaml(yaml, tmp);
    install.installCertificates(topology, new TestCertificates(tmp.resolve("certs")));

    GeneratedFiles files = install.generate(topology);
    FileChecks checks = new FileChecks(topology, files, install.out()).checkAll();

    assertThat(files.paths()).containsExactly("README.txt", "iproute2/rt_tables.d/tproxy-runtime-service.conf",
        "sbin/tproxy-runtime-service-certificate-acl.sh", "sbin/tproxy-runtime-service-routing.sh",
        "systemd/tproxy-runtime-service-routing.service", "systemd/tproxy-runtime-service.service");
    assertThat(checks.exposure()).containsOnlyKeys("systemd/tproxy-runtime-service.service");
    sameAsGolden(Examples.RUNTIME_SERVICE, files, install);
    LOG.info("runtime-service checks: {}", checks.checked());
    LOG.info("runtime-service unit exposure: {}", checks.exposure());
  }

  private static void sameAsGolden(String example, GeneratedFiles files, TestInstall install) throws IOException {
    Path dir = GoldenFilesTest.GOLDEN.resolve(example);
    for (GeneratedFile f : files) {
      String expected = Files.readString(dir.resolve(f.relativePath()), StandardCharsets.UTF_8);
      assertThat(install.withDefaultPaths(f.content())).as(f.relativePath()).isEqualTo(expected);
    }
  }
}
