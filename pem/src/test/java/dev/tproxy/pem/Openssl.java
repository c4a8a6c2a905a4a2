package dev.tproxy.pem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl CLI (Debian package "openssl"); a missing binary fails the test, it never skips. */
final class Openssl {
  private Openssl() {}

  static String run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("this test needs the openssl command (Debian package openssl,"
          + " installed by scripts/install-debian-packages.sh)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("openssl finished").isTrue();
    assertThat(p.exitValue()).as("openssl %s:%n%s", String.join(" ", args), out).isZero();
    return out;
  }
}
