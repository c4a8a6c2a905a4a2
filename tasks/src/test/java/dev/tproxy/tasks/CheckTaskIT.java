package dev.tproxy.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.generate.check.Finding;
import dev.tproxy.tasks.check.CheckTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tproxy check} on the examples, with the real programs (nginx, sslh, systemd-analyze,
 * shellcheck, nft, ssh; scripts/install-debian-packages.sh installs them): every check runs, and
 * the only complaints are the ones the topology earns.
 */
class CheckTaskIT {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final String MISSING_HINT = "ERROR     hint: create it (tproxy certs makes development certificates);"
      + " to check before it exists, use --stand-in-certificates";

  @TempDir Path dir;
  final RecordingReporter reporter = new RecordingReporter();

  @Test
  void theQuickstartPassesOnceItsCertificatesExist() throws Exception {
    Path topology = copyExample("quickstart");
    CertsTask.run(new CertsTask.Parameters(topology, "--topology", dir.resolve("ca"), dir.resolve("home"), false), reporter);
    CheckTask.Report report = CheckTask.run(new CheckTask.Parameters(topology, "--topology", false), reporter);
    assertThat(report.findings()).as(String.join("\n", reporter.lines)).isNotEmpty()
        .allSatisfy(f -> assertThat(f.outcome()).as(f.describe()).isEqualTo(Finding.Outcome.PASSED));
    assertThat(report.findings()).extracting(Finding::file).contains("nginx/nginx.conf", "sslh/front.cfg");
    assertThat(reporter.lines).last().asString().startsWith("INFO tproxy check: " + topology + ": ")
        .endsWith(" passed, 0 failed, 0 not run");
  }

  @Test
  void theProxytunnelExampleLacksOnlyItsCertificatesAndPassesWithStandIns() throws Exception {
    Path topology = copyExample("proxytunnel-endpoint");
    assertThatThrownBy(() -> CheckTask.run(new CheckTask.Parameters(topology, "--topology", false), reporter))
        .isInstanceOf(TaskException.class).hasMessageEndingWith(" checks failed");
    // Each missing file at the line, column and field that name it, as validate reports it.
    List<String> errors = reporter.lines.stream().filter(l -> l.startsWith("ERROR ") && !l.equals(MISSING_HINT)).toList();
    assertThat(errors).isNotEmpty().allSatisfy(l -> assertThat(l).matches("ERROR " + Pattern.quote(topology.toString())
        + ":\\d+:\\d+: error: services\\[\\d+\\]\\.tls-terminate\\.(certificates\\[\\d+\\]\\.(certificate|key)|client-auth\\.ca):"
        + " the (certificate|key|client-auth CA) file /etc/(letsencrypt|nginx)/\\S+ of service \"[a-z-]+\" does not exist"));
    assertThat(reporter.lines).containsSubsequence(
        "ERROR " + topology + ":77:11: error: services[2].tls-terminate.certificates[0].certificate: the certificate file"
            + " /etc/letsencrypt/live/t2.yourdomain.top/fullchain.pem of service \"tunnel\" does not exist",
        MISSING_HINT);
    assertThat(reporter.lines.stream().filter(MISSING_HINT::equals)).hasSameSizeAs(errors);
    assertThat(reporter.lines).anyMatch(l -> l.startsWith("WARN nginx/nginx.conf: nginx -t -c: not run: needs the certificate"));

    RecordingReporter standIn = new RecordingReporter();
    CheckTask.Report report = CheckTask.run(new CheckTask.Parameters(topology, "--topology", true), standIn);
    assertThat(report.findings()).as(String.join("\n", standIn.lines))
        .allSatisfy(f -> assertThat(f.outcome()).as(f.describe()).isEqualTo(Finding.Outcome.PASSED));
    assertThat(Path.of("/etc/letsencrypt/live/t2.yourdomain.top")).as("stand-ins stay in the staging directory")
        .doesNotExist();
  }

  /**
   * The runtime's unit is verified and scored like the sslh units. Where the distribution is not
   * installed (a build machine), its launcher is a stand-in, and the report says so.
   */
  @Test
  void theRuntimeServiceExamplesUnitPassesWithTheLauncherOrSaysItIsAStandIn() throws Exception {
    Path topology = copyExample("runtime-service");
    CheckTask.Report report = CheckTask.run(new CheckTask.Parameters(topology, "--topology", true), reporter);
    assertThat(report.failed()).as(String.join("\n", reporter.lines)).isFalse();
    assertThat(report.findings()).anySatisfy(f -> assertThat(f.describe()).startsWith(
        "systemd/tproxy-runtime-service.service: systemd-analyze verify, security --offline=yes (exposure ")
        .endsWith(": PASSED"));
    boolean installed = Files.isExecutable(Path.of("/opt/tproxy/bin/tproxy"));
    assertThat(report.notRun()).extracting(Finding::checker)
        .isEqualTo(installed ? List.of() : List.of("the launcher /opt/tproxy/bin/tproxy"));
  }

  @Test
  void aBrokenTopologyIsReportedWithPositionsAndItsMissingFiles() throws Exception {
    Path topology = dir.resolve("broken.yaml");
    Files.writeString(topology, """
        name: broken
        backends:
          - {name: sshd, address: "127.0.0.1:22"}
        services:
          - name: front
            listen: ["127.0.0.1:8443"]
            proxy-protocol: {send: v1}
            demux:
              rules:
                - {probe: tls, target: term}
                - {probe: tls, sni: [a.example.org], target: sshd}
          - name: term
            engine: nginx
            listen: ["127.0.0.1:8444"]
            tls-terminate:
              certificates: [{certificate: /nonexistent/a.pem, key: /nonexistent/a.key}]
              target: sshd
        """);
    assertThatThrownBy(() -> CheckTask.run(new CheckTask.Parameters(topology, "--topology", false), reporter))
        .isInstanceOf(TaskException.class).hasMessage(topology + ": 3 errors (above); fix them and check again");
    assertThat(reporter.lines).containsSubsequence(
        "ERROR " + topology + ":7:22: error: services[0].proxy-protocol.send: \"front\" sends PROXY v1 headers to"
            + " \"term\", which does not accept them: it would take the header for the client's first bytes",
        "WARN " + topology + ":11:11: warning: services[0].demux.rules[1]: this tls rule never matches: the earlier rule"
            + " services[0].demux.rules[0] matches all it does",
        "ERROR " + topology + ":16:23: error: services[1].tls-terminate.certificates[0].certificate: the certificate"
            + " file /nonexistent/a.pem of service \"term\" does not exist",
        MISSING_HINT,
        "ERROR " + topology + ":16:56: error: services[1].tls-terminate.certificates[0].key: the key file"
            + " /nonexistent/a.key of service \"term\" does not exist",
        MISSING_HINT);
  }

  private Path copyExample(String name) throws IOException {
    Path from = EXAMPLES.resolve(name);
    Path to = dir.resolve(name);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return to.resolve("tproxy.yaml");
  }
}
