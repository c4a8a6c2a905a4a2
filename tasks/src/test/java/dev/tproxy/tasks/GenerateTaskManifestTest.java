package dev.tproxy.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate and its output directory's manifest: stale files removed and said, foreign files refused. */
class GenerateTaskManifestTest {
  private static final Path QUICKSTART = Path.of("..", "examples", "quickstart", "tproxy.yaml");
  private static final Path PROXYTUNNEL = Path.of("..", "examples", "proxytunnel-endpoint", "tproxy.yaml");

  @TempDir Path dir;
  final RecordingReporter reporter = new RecordingReporter();

  private void generate(Path topology, boolean force) throws TaskException {
    GenerateTask.run(new GenerateTask.Parameters(topology, "<topology>", dir.resolve("out"), null, force, "--force"), reporter);
  }

  @Test
  void theManifestListsEveryFileWithItsSha256() throws Exception {
    generate(QUICKSTART, false);
    List<String> manifest = Files.readAllLines(dir.resolve("out/.tproxy-generated"));
    assertThat(manifest).extracting(l -> l.substring(66))
        .containsExactly("README.txt", "nginx/nginx.conf", "nginx/stream.conf", "sslh/front.cfg", "systemd/sslh-front.service");
    assertThat(manifest.get(1)).isEqualTo(
        OutputManifest.sha256(Files.readAllBytes(dir.resolve("out/nginx/nginx.conf"))) + "  nginx/nginx.conf");
  }

  @Test
  void filesThePreviousTopologyNeededAreRemovedAndNamed() throws Exception {
    generate(PROXYTUNNEL, false);
    assertThat(dir.resolve("out/ssh/t2-alias.conf")).exists();
    reporter.lines.clear();
    generate(QUICKSTART, false);
    assertThat(reporter.lines).contains("INFO tproxy: removed 8 files the previous topology needed:"
        + " iproute2/rt_tables.d/tproxy-proxytunnel-endpoint.conf, sbin/tproxy-proxytunnel-endpoint-certificate-acl.sh,"
        + " sbin/tproxy-proxytunnel-endpoint-routing.sh, ssh/cryptic.foo.notexist.conf, ssh/t2-alias.conf,"
        + " ssh/t2.yourdomain.top.conf, systemd/nginx.service.d/tproxy-proxytunnel-endpoint.conf,"
        + " systemd/tproxy-proxytunnel-endpoint-routing.service");
    assertThat(OutputManifest.filesIn(dir.resolve("out")))
        .containsExactly("README.txt", "nginx/nginx.conf", "nginx/stream.conf", "sslh/front.cfg", "systemd/sslh-front.service");
    // Directories the removed files leave empty go too.
    assertThat(dir.resolve("out/ssh")).doesNotExist();
    assertThat(dir.resolve("out/systemd/nginx.service.d")).doesNotExist();
  }

  @Test
  void aFileTproxyDidNotWriteIsRefusedUnlessForced() throws Exception {
    generate(QUICKSTART, false);
    Files.writeString(dir.resolve("out/mine.conf"), "mine\n");
    Files.writeString(dir.resolve("out/nginx/nginx.conf"), "edited by hand\n");
    String before = Files.readString(dir.resolve("out/.tproxy-generated"));
    assertThatThrownBy(() -> generate(PROXYTUNNEL, false))
        .isInstanceOf(TaskException.class)
        .hasMessage(dir.resolve("out") + " holds 2 files tproxy did not write (or that changed since): mine.conf,"
            + " nginx/nginx.conf; generate into an empty directory, remove them, or add --force to write beside them");
    // Nothing was touched.
    assertThat(Files.readString(dir.resolve("out/.tproxy-generated"))).isEqualTo(before);
    assertThat(dir.resolve("out/ssh")).doesNotExist();

    reporter.lines.clear();
    generate(PROXYTUNNEL, true);
    assertThat(reporter.lines.get(0)).isEqualTo("WARN tproxy: " + dir.resolve("out") + " holds 2 files tproxy did not"
        + " write (or that changed since), written over or left as they are (--force): mine.conf, nginx/nginx.conf");
    assertThat(dir.resolve("out/mine.conf")).hasContent("mine");
    assertThat(Files.readString(dir.resolve("out/nginx/nginx.conf"))).isNotEqualTo("edited by hand\n");
    assertThat(dir.resolve("out/ssh/t2-alias.conf")).exists();
    // Still not tproxy's: the next generation refuses it again.
    assertThat(OutputManifest.read(dir.resolve("out"))).doesNotContainKey("mine.conf").containsKey("nginx/nginx.conf");
  }

  @Test
  void filesIdenticalToTheNewOnesNeedNoManifest() throws Exception {
    // What an older tproxy wrote (no manifest) is accepted when this generation writes the same bytes.
    generate(QUICKSTART, false);
    Files.delete(dir.resolve("out/.tproxy-generated"));
    reporter.lines.clear();
    generate(QUICKSTART, false);
    assertThat(reporter.lines).noneMatch(l -> l.startsWith("WARN") || l.contains("removed"));
    assertThat(dir.resolve("out/.tproxy-generated")).exists();
  }

  @Test
  void anEmptyOrMissingDirectoryIsFine() throws Exception {
    Files.createDirectories(dir.resolve("out"));
    generate(QUICKSTART, false);
    assertThat(reporter.lines.get(0)).isEqualTo("INFO tproxy: wrote 5 files for topology \"quickstart\" to " + dir.resolve("out"));
  }
}
