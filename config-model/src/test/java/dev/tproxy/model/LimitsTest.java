package dev.tproxy.model;

import static dev.tproxy.model.ValidationRulesMoreTest.service;
import static dev.tproxy.model.ValidationRulesTest.diagnostics;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values the real programs cannot take are refused where they are written: paths Linux cannot
 * open, parameters longer than nginx reads, characters no UTF-8 file can hold, files far larger
 * than any topology.
 */
class LimitsTest {

  private static String tls(String certificate) {
    return service("""
            tls-terminate:
              certificates: [{certificate: "%s", key: /etc/c.key}]
              target: sshd
        """.formatted(certificate));
  }

  @Test
  void aPathComponentLongerThanNameMaxIsRefused() {
    String name = "c".repeat(256);
    assertThat(diagnostics(tls("/etc/" + name + ".pem"))).containsExactly(
        "9:23: error: services[0].tls-terminate.certificates[0].certificate: the path has a 260-byte component \""
            + name.substring(0, 80) + "...\"; a file or directory name is at most 255 bytes");
  }

  @Test
  void aComponentOfExactlyNameMaxIsFine() {
    assertThat(diagnostics(tls("/etc/" + "c".repeat(251) + ".pem"))).isEmpty();
  }

  @Test
  void aPathLongerThanPathMaxIsRefused() {
    String path = ("/" + "d".repeat(200)).repeat(21) + "/c.pem"; // 4227 bytes
    assertThat(diagnostics(tls(path))).containsExactly(
        "9:23: error: services[0].tls-terminate.certificates[0].certificate: the path is 4227 bytes long;"
            + " Linux opens paths of at most 4095");
  }

  @Test
  void aRegexLongerThanNginxReadsIsRefused() {
    String pattern = "^" + "a".repeat(4000);
    assertThat(diagnostics(service("""
            demux:
              rules:
                - {probe: regex, patterns: ["%s"], target: sshd}
        """.formatted(pattern)))).containsExactly(
        "10:37: error: services[0].demux.rules[0].patterns[0]: the pattern is 4001 bytes long;"
            + " a generated file can carry at most 4000");
  }

  @Test
  void aLoneSurrogateIsRefusedWithItsPosition() {
    assertThat(diagnostics(service("""
            demux:
              rules:
                - {probe: regex, patterns: ["^ab\\uD800"], target: sshd}
        """))).containsExactly(
        "10:37: error: services[0].demux.rules[0].patterns[0]: the pattern contains the control character U+D800"
            + " (half of a surrogate pair, alone: no character, and no UTF-8 file can hold it)");
  }

  @Test
  void aFileFarLargerThanAnyTopologyIsRefusedBeforeParsing(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("huge.yaml");
    Files.writeString(file, "name: \"" + "x".repeat(50 << 20) + "\"\n");
    TopologyLoader.Result r = TopologyLoader.read(file);
    assertThat(r.diagnostics().all()).singleElement().satisfies(d -> assertThat(d.format())
        .startsWith(file + ":1:1: error: the file is 52,428,809 bytes; a topology file is at most 1,048,576"));
  }
}
