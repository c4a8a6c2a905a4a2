package dev.tproxy.cli;

import static dev.tproxy.cli.LauncherProcessIT.tproxy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.cli.LauncherProcessIT.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sysadmin sees from the shaded jar: the files a topology names checked at validate and
 * run, diagnostics once, as JSON for CI, generate's stale and foreign files, exit codes in --help.
 */
class LauncherDiagnosticsIT {
  private static final String MISSING = """
      tproxy.yaml:60:11: error: services[2].tls-terminate.certificates[0].certificate: the certificate file %1$s/certs/demo.test.pem does not exist
          hint: create it (tproxy certs makes development certificates)%2$s
      tproxy.yaml:61:11: error: services[2].tls-terminate.certificates[0].key: the key file %1$s/certs/demo.test.key does not exist
          hint: create it (tproxy certs makes development certificates)%2$s
      tproxy: tproxy.yaml has 2 errors (above)
      """;

  @TempDir Path dir;

  private void quickstart() throws Exception {
    Files.copy(Path.of("..", "examples", "quickstart", "tproxy.yaml"), dir.resolve("tproxy.yaml"));
  }

  @Test
  void validateChecksTheFilesTheTopologyNames() throws Exception {
    quickstart();
    Path real = dir.toRealPath();
    Run missing = tproxy(dir, "validate");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).isEqualTo(MISSING.formatted(real, "; on a machine without it, validate with --no-file-checks"));

    Run elsewhere = tproxy(dir, "validate", "--no-file-checks");
    assertThat(elsewhere.exit()).as(elsewhere.err()).isZero();
    assertThat(elsewhere.out()).isEqualTo("tproxy.yaml is valid: topology \"quickstart\", 3 services, 3 backends.\n");

    assertThat(tproxy(dir, "certs").exit()).isZero();
    Run ok = tproxy(dir, "validate");
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo(
        "tproxy.yaml is valid: topology \"quickstart\", 3 services, 3 backends; the files it names are in place.\n");

    Files.copy(dir.resolve("certs/ca.key"), dir.resolve("certs/demo.test.key"), StandardCopyOption.REPLACE_EXISTING);
    Run mismatch = tproxy(dir, "validate");
    assertThat(mismatch.exit()).isEqualTo(1);
    assertThat(mismatch.err()).isEqualTo("tproxy.yaml:61:11: error: services[2].tls-terminate.certificates[0].key: the key"
        + " file " + real + "/certs/demo.test.key is not the key of the certificate in " + real + "/certs/demo.test.pem\n"
        + "    hint: name the key issued with this certificate (after a renewal, both files of the new pair)\n"
        + "tproxy: tproxy.yaml has 1 error (above)\n");
  }

  @Test
  void runFailsWithTheSameMessageNotABarePath() throws Exception {
    quickstart();
    Run r = tproxy(dir, "run", "--local", "--max-duration", "1s");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).endsWith(MISSING.formatted(dir.toRealPath(), ""));
  }

  @Test
  void jsonIsOneDocumentOnStandardOutputWithTheSameExitCode() throws Exception {
    quickstart();
    Path real = dir.toRealPath();
    Run r = tproxy(dir, "validate", "--format", "json");
    assertThat(r.exit()).isEqualTo(1);
    String hint = "create it (tproxy certs makes development certificates); on a machine without it, validate with --no-file-checks";
    assertThat(r.out()).isEqualTo("""
        {
          "command" : "validate",
          "topology" : "tproxy.yaml",
          "exitCode" : 1,
          "errors" : 2,
          "warnings" : 0,
          "diagnostics" : [ {
            "file" : "tproxy.yaml",
            "line" : 60,
            "column" : 11,
            "severity" : "error",
            "path" : "services[2].tls-terminate.certificates[0].certificate",
            "message" : "the certificate file %1$s/certs/demo.test.pem does not exist",
            "hint" : "%2$s"
          }, {
            "file" : "tproxy.yaml",
            "line" : 61,
            "column" : 11,
            "severity" : "error",
            "path" : "services[2].tls-terminate.certificates[0].key",
            "message" : "the key file %1$s/certs/demo.test.key does not exist",
            "hint" : "%2$s"
          } ]
        }
        """.formatted(real, hint));
    assertThat(r.err()).isEqualTo("tproxy: tproxy.yaml has 2 errors (above)\n");

    Run ok = tproxy(dir, "validate", "--format=json", "--no-file-checks");
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).contains("\"exitCode\" : 0,", "\"diagnostics\" : [ ]").doesNotContain("failure");
    assertThat(ok.err()).isEqualTo("tproxy.yaml is valid: topology \"quickstart\", 3 services, 3 backends.\n");

    // A failure that is not a diagnostic is in the document too.
    Run missing = tproxy(dir, "generate", "--format", "json", "nope.yaml");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.out()).contains("\"command\" : \"generate\"", "\"exitCode\" : 1,",
        "\"failure\" : \"the topology file nope.yaml does not exist;");

    Run usage = tproxy(dir, "validate", "--format", "xml");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).startsWith("--format: \"xml\" is neither text nor json\n");
  }

  @Test
  void generateRemovesWhatThePreviousTopologyNeededAndRefusesForeignFiles() throws Exception {
    Path proxytunnel = Path.of("..", "examples", "proxytunnel-endpoint", "tproxy.yaml").toAbsolutePath().normalize();
    quickstart();
    assertThat(tproxy(dir, "generate", "-o", "out", proxytunnel.toString()).exit()).isZero();
    Run second = tproxy(dir, "generate", "-o", "out");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).endsWith("tproxy: removed 8 files the previous topology needed:"
        + " iproute2/rt_tables.d/tproxy-proxytunnel-endpoint.conf, sbin/tproxy-proxytunnel-endpoint-certificate-acl.sh,"
        + " sbin/tproxy-proxytunnel-endpoint-routing.sh, ssh/cryptic.foo.notexist.conf, ssh/t2-alias.conf,"
        + " ssh/t2.yourdomain.top.conf, systemd/nginx.service.d/tproxy-proxytunnel-endpoint.conf,"
        + " systemd/tproxy-proxytunnel-endpoint-routing.service\n");
    assertThat(dir.resolve("out/ssh")).doesNotExist();
    // sha256sum's format: the operator can check the directory with sha256sum -c.
    assertThat(Files.readAllLines(dir.resolve("out/.tproxy-generated"))).hasSize(5)
        .allMatch(l -> l.matches("[0-9a-f]{64}  \\S+"));

    Files.writeString(dir.resolve("out/nginx/extra.conf"), "# mine\n");
    Run refused = tproxy(dir, "generate", "-o", "out", proxytunnel.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("tproxy: out holds 1 file tproxy did not write (or that changed since):"
        + " nginx/extra.conf; generate into an empty directory, remove them, or add --force to write beside them\n");
    assertThat(dir.resolve("out/ssh")).doesNotExist();

    Run forced = tproxy(dir, "generate", "-o", "out", "--force", proxytunnel.toString());
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(dir.resolve("out/ssh/t2-alias.conf")).exists();
    assertThat(dir.resolve("out/nginx/extra.conf")).hasContent("# mine");
  }

  @Test
  void everyCommandDocumentsItsExitCodes() throws Exception {
    for (String command : new String[] {"validate", "check", "generate", "run", "certs"}) {
      Run help = tproxy(dir, command, "--help");
      assertThat(help.exit()).isZero();
      assertThat(help.out()).as(command).contains("\nExit codes:\n  0   ", "\n  1   ",
          "\n  2   bad command line (an unknown option, a missing value)\n",
          "\n  3   internal failure (a bug or the system: the message says which)\n");
    }
    assertThat(tproxy(dir, "--help").out()).contains("\nExit codes:\n  0   done\n");
  }
}
