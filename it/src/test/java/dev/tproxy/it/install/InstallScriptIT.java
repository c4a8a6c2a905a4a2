package dev.tproxy.it.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README's first step on a machine that has never run it: {@code scripts/install-debian-packages.sh}
 * in a fresh Debian 12 root made by debootstrap, with a container image's policy-rc.d, then again,
 * then without a policy-rc.d. CI's own machine already has every package, so only a fresh root
 * shows the first-install path. The checks themselves are in {@code
 * scripts/test/install-debian-packages-test.sh}, which a person can run by hand as well.
 */
class InstallScriptIT {

  @Test
  void theInstallScriptPassesOnItsFirstRunInAFreshDebianRoot() throws IOException, InterruptedException {
    Path script = Path.of("..", "scripts", "test", "install-debian-packages-test.sh").toAbsolutePath().normalize();
    Path log = Path.of("target", "install-script-test.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    Process p = new ProcessBuilder(script.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean ended = p.waitFor(15, TimeUnit.MINUTES);
    if (!ended) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(output);
    assertThat(ended).as("the test of the install script ended within 15 minutes; its output:%n%s", output).isTrue();
    assertThat(p.exitValue()).as("exit status of %s; its output:%n%s", script, output).isZero();
    assertThat(output).contains("run 1: exit 0", "run 2: exit 0", "run 3: exit 0", "PASS");
  }
}
