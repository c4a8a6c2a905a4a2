package dev.tproxy.generate.tools;

import static org.assertj.core.api.Assertions.fail;

import dev.tproxy.generate.check.Programs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the real programs that check generated files. A test that needs a program fails (never
 * skips) when it is missing, naming the Debian package that provides it.
 */
public final class Tools {
  private Tools() {}

  /** The absolute path of {@code program}; fails the test when it is not installed. */
  public static Path require(String program, String debianPackage) {
    return Programs.find(program).orElseGet(() -> fail(program + " is not installed, and this test checks generated"
        + " files with it: install the Debian package " + debianPackage
        + " (scripts/install-debian-packages.sh installs every package the tests use)"));
  }

  public static Programs.Result run(List<String> command, Duration timeout) {
    return run(command, timeout, Map.of(), null);
  }

  public static Programs.Result run(List<String> command, Duration timeout, Map<String, String> environment,
      Path directory) {
    try {
      return Programs.run(command, timeout, environment, directory);
    } catch (Programs.TimedOut e) {
      return fail(e.getMessage());
    }
  }

  /** Runs and fails the test, with the whole output, unless the exit code is 0. */
  public static Programs.Result runOk(List<String> command) {
    Programs.Result r = run(command, Duration.ofSeconds(60));
    if (r.exit() != 0) {
      fail("failed: " + r.describe());
    }
    return r;
  }

  /** {@code unshare} arguments for a new network namespace: as root plainly, else in a user namespace. */
  public static List<String> newNetworkNamespace() {
    return Programs.newNetworkNamespace(require("unshare", "util-linux"));
  }

  /** {@code command} in a new network namespace whose loopback carries {@code addresses} (see Programs). */
  public static List<String> inNetworkNamespace(java.util.Collection<java.net.InetAddress> addresses, List<String> command) {
    return Programs.inNetworkNamespace(require("unshare", "util-linux"), require("sh", "dash"), addresses, command);
  }

  public static boolean isRoot() {
    return Programs.isRoot();
  }
}
