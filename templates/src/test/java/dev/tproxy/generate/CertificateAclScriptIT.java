package dev.tproxy.generate;

import dev.tproxy.generate.check.Programs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.tools.TestInstall;
import dev.tproxy.generate.tools.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate-ACL script, run for real on a letsencrypt-like tree in a temporary directory:
 * the user can read what exists (through live/'s symbolic links too) and what a renewal creates
 * later, and running the script again changes nothing.
 */
class CertificateAclScriptIT {
  @TempDir
  Path tmp;

  Path live;
  Path archive;

  @BeforeEach
  void tree() throws IOException {
    archive = Files.createDirectories(tmp.resolve("letsencrypt/archive/a.example.org"));
    live = Files.createDirectories(tmp.resolve("letsencrypt/live/a.example.org"));
    Files.writeString(archive.resolve("fullchain1.pem"), "certificate\n");
    Files.writeString(archive.resolve("privkey1.pem"), "key\n");
    Files.createSymbolicLink(live.resolve("fullchain.pem"), Path.of("../../archive/a.example.org/fullchain1.pem"));
  }

  private Path script(String user) {
    String yaml = "name: acl\nbackends: [{name: b, address: \"127.0.0.1:22\"}]\n"
        + "services: [{name: s, engine: nginx, listen: [\"127.0.0.1:4443\"], forward: {target: b}}]\n"
        + "certificate-access: {paths: [\"" + tmp.resolve("letsencrypt/live") + "\", \""
        + tmp.resolve("letsencrypt/archive") + "\"], users: [" + user + "]}\n";
    TestInstall install = new TestInstall(tmp.resolve("install"));
    install.generate(Examples.loadYaml(yaml, tmp));
    return install.out().resolve("sbin/tproxy-acl-certificate-acl.sh");
  }

  private String acls() {
    Programs.Result r = Tools.run(List.of(Tools.require("getfacl", "acl").toString(), "-R", "-p", "-L",
        tmp.resolve("letsencrypt").toString()), Duration.ofSeconds(30));
    assertThat(r.exit()).as(r.describe()).isZero();
    return r.stdout();
  }

  private static String aclOf(String acls, Path file) {
    int start = acls.indexOf("# file: " + file + "\n");
    assertThat(start).as("getfacl lists %s", file).isNotNegative();
    int end = acls.indexOf("\n\n", start);
    return acls.substring(start, end < 0 ? acls.length() : end);
  }

  @Test
  void grantsReadingNowAndForRenewalsIdempotently() throws IOException {
    Tools.require("setfacl", "acl");
    Path script = script("nobody");
    Programs.Result first = Tools.run(List.of(script.toString()), Duration.ofSeconds(60));
    assertThat(first.exit()).as(first.describe()).isZero();
    String after = acls();

    assertThat(aclOf(after, archive)).contains("user:nobody:r-x").contains("default:user:nobody:r-x");
    assertThat(aclOf(after, archive.resolve("privkey1.pem"))).contains("user:nobody:r--");
    assertThat(aclOf(after, live)).contains("user:nobody:r-x").contains("default:user:nobody:r-x");

    Path renewed = archive.resolve("fullchain2.pem");
    Files.writeString(renewed, "renewed\n");
    // The default entry is r-x; on a file created 0644 the mask leaves r--.
    assertThat(aclOf(acls(), renewed)).as("a file created later inherits the default ACL")
        .containsPattern("user:nobody:r-x\\s+#effective:r--");
    Files.delete(renewed);

    Programs.Result second = Tools.run(List.of(script.toString()), Duration.ofSeconds(60));
    assertThat(second.exit()).as(second.describe()).isZero();
    assertThat(acls()).as("running again changes nothing").isEqualTo(after);
  }

  /** `tproxy certs` writes plain files into live/; certbot's archive/ may not exist yet. */
  @Test
  void aStoreThatIsNotThereYetIsSaidAndSkipped() throws IOException {
    Tools.require("setfacl", "acl");
    Path script = script("nobody");
    try (var files = Files.walk(tmp.resolve("letsencrypt/archive"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    Files.delete(live.resolve("fullchain.pem"));
    Files.writeString(live.resolve("fullchain.pem"), "certificate\n"); // a plain file, as `tproxy certs` writes
    Programs.Result r = Tools.run(List.of(script.toString()), Duration.ofSeconds(60));
    assertThat(r.exit()).as(r.describe()).isZero();
    assertThat(r.stderr()).contains(tmp.resolve("letsencrypt/archive") + " does not exist (yet): skipped");
    assertThat(aclOf(acls(), live)).contains("user:nobody:r-x");
  }

  @Test
  void noStoreAtAllIsAnError() throws IOException {
    Path script = script("nobody");
    try (var files = Files.walk(tmp.resolve("letsencrypt"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    Programs.Result r = Tools.run(List.of(script.toString()), Duration.ofSeconds(60));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr()).contains("none of the certificate stores exists");
  }

  @Test
  void refusesAUserThatDoesNotExist() {
    Path script = script("tproxy-no-such-user");
    Programs.Result r = Tools.run(List.of(script.toString()), Duration.ofSeconds(60));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr()).contains("there is no user tproxy-no-such-user");
    assertThat(acls()).doesNotContain("tproxy-no-such-user");
  }
}
