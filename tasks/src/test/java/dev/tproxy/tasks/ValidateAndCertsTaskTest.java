package dev.tproxy.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.certs.TopologyCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateAndCertsTaskTest {

  @TempDir Path dir;
  final RecordingReporter reporter = new RecordingReporter();

  @Test
  void validateReportsEachDiagnosticAndFails() throws Exception {
    Path file = dir.resolve("tproxy.yaml");
    Files.writeString(file, """
        name: t
        services:
          - name: a
            listen: ["127.0.0.1:1"]
            forward: {target: nowhere}
        """);
    assertThatThrownBy(() -> ValidateTask.run(new ValidateTask.Parameters(file, "<topology>"), reporter))
        .isInstanceOf(TaskException.class)
        // The diagnostics were reported; the failure only counts them, so that no front end prints them twice.
        .hasMessage(file + " has 1 error (above)")
        .satisfies(e -> assertThat(((TaskException) e).kind()).isEqualTo(TaskException.Kind.USER));
    assertThat(reporter.lines).containsExactly(
        "ERROR " + file + ":5:15: error: services[0].forward.target: no service or backend is named \"nowhere\"",
        "ERROR     hint: targets name a service or a backend of this topology");
  }

  @Test
  void aMissingFileNamesTheParameter() {
    assertThatThrownBy(() -> ValidateTask.run(new ValidateTask.Parameters(dir.resolve("nope.yaml"), "<topology>"), reporter))
        .hasMessageEndingWith("nope.yaml does not exist; create it (see examples/quickstart/tproxy.yaml) or point <topology> at it");
  }

  @Test
  void validateSummarisesAValidTopology() throws Exception {
    Path file = Path.of("..", "examples", "proxytunnel-endpoint", "tproxy.yaml");
    ValidateTask.run(new ValidateTask.Parameters(file, "<topology>"), reporter);
    assertThat(reporter.lines).containsExactly(
        "INFO " + file + " is valid: topology \"proxytunnel-endpoint\", 4 services, 2 backends.");
  }

  @Test
  void certsCreatesTheQuickstartsCertificatesNextToIt() throws Exception {
    Path file = dir.resolve("tproxy.yaml");
    Files.copy(Path.of("..", "examples", "quickstart", "tproxy.yaml"), file);
    List<TopologyCertificates.Result> results =
        CertsTask.run(new CertsTask.Parameters(file, "<topology>", null, null, false), reporter);
    assertThat(results).extracting(TopologyCertificates.Result::outcome)
        .containsExactly(TopologyCertificates.Outcome.CREATED, TopologyCertificates.Outcome.CREATED);
    assertThat(dir.resolve("certs/demo.test.pem")).exists();
    assertThat(dir.resolve("certs/demo.test.key")).exists();
    assertThat(dir.resolve("certs/ca.pem")).exists();
    assertThat(reporter.lines.get(0)).matches("INFO outcome +certificate +for");
    assertThat(reporter.lines.get(2)).matches("INFO created +" + java.util.regex.Pattern.quote(dir.resolve("certs/demo.test.pem").toString())
        + " +server demo.test for terminator");

    reporter.lines.clear();
    CertsTask.run(new CertsTask.Parameters(file, "<topology>", null, null, false), reporter);
    assertThat(reporter.lines).last().isEqualTo("INFO Kept files were left untouched; ask to overwrite to replace them.");
  }
}
