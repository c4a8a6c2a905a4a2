package dev.tproxy.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate with its file checks: each problem once, at the line and column of the field that names the file. */
class HostFileCheckTest {
  private static final String MISSING_HINT = "ERROR     hint: create it (tproxy certs makes development certificates);"
      + " on a machine without it, validate with --no-file-checks";

  @TempDir Path dir;
  final RecordingReporter reporter = new RecordingReporter();
  Path file;

  @BeforeEach
  void quickstart() throws Exception {
    file = dir.resolve("tproxy.yaml");
    Files.copy(Path.of("..", "examples", "quickstart", "tproxy.yaml"), file);
  }

  private ValidateTask.Parameters checking() {
    return new ValidateTask.Parameters(file, "<topology>", true, "--no-file-checks");
  }

  @Test
  void missingCertificateAndKeyAreNamedAtTheirFields() {
    assertThatThrownBy(() -> ValidateTask.run(checking(), reporter))
        .isInstanceOf(TaskException.class)
        .hasMessage(file + " has 2 errors (above)");
    assertThat(reporter.lines).containsExactly(
        "ERROR " + file + ":60:11: error: services[2].tls-terminate.certificates[0].certificate: the certificate file "
            + dir.resolve("certs/demo.test.pem") + " does not exist",
        MISSING_HINT,
        "ERROR " + file + ":61:11: error: services[2].tls-terminate.certificates[0].key: the key file "
            + dir.resolve("certs/demo.test.key") + " does not exist",
        MISSING_HINT);
  }

  @Test
  void withoutTheFileChecksTheSameTopologyIsValid() throws Exception {
    ValidateTask.run(new ValidateTask.Parameters(file, "<topology>"), reporter);
    assertThat(reporter.lines).containsExactly(
        "INFO " + file + " is valid: topology \"quickstart\", 3 services, 3 backends.");
  }

  @Test
  void filesInPlaceAreSaidToBe() throws Exception {
    certs();
    ValidateTask.run(checking(), reporter);
    assertThat(reporter.lines).containsExactly("INFO " + file
        + " is valid: topology \"quickstart\", 3 services, 3 backends; the files it names are in place.");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    certs();
    // The CA's key is a valid key, but not the server certificate's.
    Files.copy(dir.resolve("certs/ca.key"), dir.resolve("certs/demo.test.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> ValidateTask.run(checking(), reporter)).hasMessage(file + " has 1 error (above)");
    assertThat(reporter.lines).containsExactly(
        "ERROR " + file + ":61:11: error: services[2].tls-terminate.certificates[0].key: the key file "
            + dir.resolve("certs/demo.test.key") + " is not the key of the certificate in " + dir.resolve("certs/demo.test.pem"),
        "ERROR     hint: name the key issued with this certificate (after a renewal, both files of the new pair)");
  }

  @Test
  void aFileThatIsNotPemOrADirectoryIsSaidSo() throws Exception {
    certs();
    Files.writeString(dir.resolve("certs/demo.test.pem"), "not a certificate\n");
    Files.delete(dir.resolve("certs/demo.test.key"));
    Files.createDirectory(dir.resolve("certs/demo.test.key"));
    assertThatThrownBy(() -> ValidateTask.run(checking(), reporter)).hasMessage(file + " has 2 errors (above)");
    assertThat(reporter.lines).containsExactly(
        "ERROR " + file + ":60:11: error: services[2].tls-terminate.certificates[0].certificate: "
            + dir.resolve("certs/demo.test.pem") + " holds no certificate (expected -----BEGIN CERTIFICATE-----)",
        "ERROR " + file + ":61:11: error: services[2].tls-terminate.certificates[0].key: the key file "
            + dir.resolve("certs/demo.test.key") + " is a directory",
        "ERROR     hint: name the key file in it");
  }

  @Test
  void aMissingClientCaAndPasswordFileAreNamedToo() throws Exception {
    certs();
    String yaml = Files.readString(file).replace("          key: certs/demo.test.key\n",
        "          key: certs/demo.test.key\n          password-file: certs/pass.txt\n      client-auth:\n        ca: certs/clients.pem\n");
    Files.writeString(file, yaml);
    assertThatThrownBy(() -> ValidateTask.run(checking(), reporter)).hasMessage(file + " has 2 errors (above)");
    assertThat(reporter.lines).containsExactly(
        "ERROR " + file + ":62:11: error: services[2].tls-terminate.certificates[0].password-file: the password file "
            + dir.resolve("certs/pass.txt") + " does not exist",
        "ERROR     hint: write the key's passphrase on its first line",
        "ERROR " + file + ":64:9: error: services[2].tls-terminate.client-auth.ca: the client-auth CA file "
            + dir.resolve("certs/clients.pem") + " does not exist",
        MISSING_HINT);
  }

  @Test
  void runChecksTheFilesOfTheServicesItRunsOnly() throws Exception {
    // As written, the quickstart's services belong to sslh and nginx: the runtime reads none of these files.
    assertThat(HostFileCheck.check(dev.tproxy.model.TopologyLoader.load(file), s -> false, null)).isEmpty();
    assertThat(HostFileCheck.check(dev.tproxy.model.TopologyLoader.load(file), s -> true, null))
        .extracting(dev.tproxy.model.Diagnostic::hint)
        .containsOnly("create it (tproxy certs makes development certificates)");
  }

  @Test
  void runFailsWithTheSameMessageNotABarePath() {
    // In local mode every service runs in-process, the terminator too: its files are checked first.
    assertThatThrownBy(() -> RunTask.start(new RunTask.Parameters(file, "<topology>", false, null, false, dir.resolve("work")),
            reporter))
        .isInstanceOf(TaskException.class)
        .hasMessage(file + " has 2 errors (above)");
    assertThat(reporter.lines).containsExactly(
        "ERROR " + file + ":60:11: error: services[2].tls-terminate.certificates[0].certificate: the certificate file "
            + dir.resolve("certs/demo.test.pem") + " does not exist",
        "ERROR     hint: create it (tproxy certs makes development certificates)",
        "ERROR " + file + ":61:11: error: services[2].tls-terminate.certificates[0].key: the key file "
            + dir.resolve("certs/demo.test.key") + " does not exist",
        "ERROR     hint: create it (tproxy certs makes development certificates)");
  }

  @Test
  void aReloadWhoseFilesAreMissingIsRefused() throws Exception {
    Files.writeString(file, """
        name: reload
        backends: [{name: b, address: "127.0.0.1:%d"}]
        services:
          - name: t
            listen: ["127.0.0.1:%d"]
            tls-terminate:
              certificates:
                - {server-names: [t.test], certificate: certs/t.pem, key: certs/t.key}
              target: b
        """.formatted(RunTaskTest.freePort(), RunTaskTest.freePort()));
    certs();
    try (RunTask.Running running = RunTask.start(
        new RunTask.Parameters(file, "<topology>", false, null, false, dir.resolve("work")), reporter)) {
      Files.delete(dir.resolve("certs/t.key"));
      reporter.lines.clear();
      assertThat(running.reload()).isFalse();
      assertThat(reporter.lines).containsExactly(
          "INFO tproxy: reloading " + file,
          "ERROR " + file + ":8:62: error: services[0].tls-terminate.certificates[0].key: the key file "
              + dir.resolve("certs/t.key") + " does not exist",
          "ERROR     hint: create it (tproxy certs makes development certificates)",
          "ERROR tproxy: reload refused, the running topology is unchanged: " + file + " has 1 error (above)");
    }
  }

  private void certs() throws TaskException {
    CertsTask.run(new CertsTask.Parameters(file, "<topology>", null, null, false), new RecordingReporter());
  }
}
