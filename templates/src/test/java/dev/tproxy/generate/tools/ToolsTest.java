package dev.tproxy.generate.tools;

import dev.tproxy.generate.check.Programs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A test that needs a missing program fails, naming the package; it is never skipped. */
class ToolsTest {

  @Test
  void aMissingProgramFailsTheTestAndNamesThePackage() {
    assertThatThrownBy(() -> Tools.require("tproxy-no-such-program", "tproxy-no-such-package"))
        .isInstanceOf(AssertionError.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("tproxy-no-such-program is not installed")
        .hasMessageContaining("install the Debian package tproxy-no-such-package")
        .hasMessageContaining("scripts/install-debian-packages.sh");
  }

  @Test
  void runCapturesExitCodeAndBothStreams() {
    Programs.Result r = Tools.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
  }
}
