package dev.tproxy.generate;

import dev.tproxy.generate.check.Programs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.internal.systemd.LinuxCapabilities;
import dev.tproxy.generate.tools.Tools;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The capability names units are checked against are exactly the ones systemd knows. */
class CapabilityNamesIT {

  @Test
  void theListIsSystemdsList() {
    Programs.Result r = Tools.run(List.of(Tools.require("systemd-analyze", "systemd").toString(), "capability"),
        Duration.ofSeconds(30));
    assertThat(r.exit()).as(r.describe()).isZero();
    List<String> systemd = r.stdout().lines().skip(1).map(String::strip).filter(l -> !l.isEmpty())
        .map(l -> l.split("\\s+")[0].toUpperCase(Locale.ROOT)).toList();
    assertThat(LinuxCapabilities.NAMES).containsExactlyElementsOf(systemd);
  }
}
