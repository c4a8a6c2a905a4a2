package dev.tproxy.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.tools.FileChecks;
import dev.tproxy.generate.tools.TestCertificates;
import dev.tproxy.generate.tools.TestInstall;
import dev.tproxy.model.Topology;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Topologies that use most features generate files every real program accepts. */
class FeatureFilesIT {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureFilesIT.class);

  @TempDir
  Path tmp;

  @Test
  void dedicatedAddressFeaturesPassEveryValidator() {
    TestInstall install = new TestInstall(tmp);
    Topology topology = Fixtures.loadBelow(Fixtures.DEDICATED, tmp);
    install.installCertificates(topology, new TestCertificates(tmp.resolve("certs")));

    GeneratedFiles files = install.generate(topology);
    FileChecks checks = new FileChecks(topology, files, install.out()).checkAll();

    assertThat(files.paths()).contains("sslh/front.cfg", "sslh/legacy.cfg", "stunnel/terminator-stunnel.conf",
        "systemd/stunnel@terminator-stunnel.service.d/tproxy-features.conf", "ssh/pt12.conf", "ssh/direct-ip.conf");
    assertThat(files.paths()).noneMatch(p -> p.contains("runtime-app"));
    assertThat(files.runtimeServices()).containsExactly("runtime-app");
    assertThat(checks.exposure()).containsOnlyKeys("systemd/sslh-front.service", "systemd/sslh-legacy.service",
        "systemd/tproxy-features.service");
    LOG.info("features checks: {}", checks.checked());
    LOG.info("features sslh and runtime exposure: {}", checks.exposure());
  }

  @Test
  void fwmarkFeaturesPassEveryValidator() {
    TestInstall install = new TestInstall(tmp);
    Topology topology = Fixtures.loadBelow(Fixtures.FWMARK, tmp);

    GeneratedFiles files = install.generate(topology);
    FileChecks checks = new FileChecks(topology, files, install.out()).checkAll();

    assertThat(files.paths()).contains("tproxy/tproxy-fwmark-features.nft", "sbin/tproxy-fwmark-features-routing.sh");
    assertThat(checks.exposure()).containsOnlyKeys("systemd/sslh-front.service");
    LOG.info("fwmark checks: {}", checks.checked());
  }
}
