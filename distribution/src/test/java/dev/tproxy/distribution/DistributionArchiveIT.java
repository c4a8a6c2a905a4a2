package dev.tproxy.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks the archive the build made, as a user would (tar), and runs what is in it: the
 * launcher, from its own directory, from elsewhere and through a symbolic link; the examples
 * validated and the quickstart served; the sample unit checked by systemd.
 */
class DistributionArchiveIT {
  @TempDir static Path unpacked;
  static Path home;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void unpack() throws Exception {
    Path archive = Path.of(System.getProperty("tproxy.archive"));
    assertThat(archive).as("the archive made by the package phase").exists();
    Run tar = run(unpacked, Map.of(), "tar", "-xzf", archive.toString());
    assertThat(tar.exit()).as(tar.err()).isZero();
    home = unpacked.resolve("tproxy-" + System.getProperty("tproxy.version"));
  }

  @Test
  void holdsTheLauncherLibrariesExamplesUnitSchemaAndLicense() throws IOException {
    assertThat(Files.getPosixFilePermissions(home.resolve("bin/tproxy"))).contains(PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OTHERS_EXECUTE);
    try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
      List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
      assertThat(jars).anyMatch(j -> j.startsWith("tproxy-cli-")).anyMatch(j -> j.startsWith("netty-transport-native-epoll-"))
          .anyMatch(j -> j.startsWith("slf4j-simple-")).allMatch(j -> j.endsWith(".jar"));
    }
    assertThat(home.resolve("examples/quickstart/tproxy.yaml")).exists();
    assertThat(home.resolve("examples/proxytunnel-endpoint/tproxy.yaml")).exists();
    assertThat(home.resolve("schema/topology.schema.json")).exists();
    assertThat(home.resolve("systemd/tproxy.service")).exists();
    for (String f : List.of("LICENSE", "NOTICE", "README.md", "CHANGELOG.md")) {
      assertThat(home.resolve(f)).exists();
    }
  }

  @Test
  void versionNamesTheReleaseFromAnyDirectoryAndThroughALink() throws Exception {
    Run here = run(home, Map.of(), "bin/tproxy", "--version");
    assertThat(here.exit()).as(here.err()).isZero();
    assertThat(here.out()).startsWith("tproxy " + System.getProperty("tproxy.version") + " (commit ");
    Path elsewhere = Files.createDirectories(unpacked.resolve("elsewhere/bin"));
    Files.createSymbolicLink(elsewhere.resolve("tproxy"), home.resolve("bin/tproxy"));
    Run linked = run(unpacked, Map.of(), elsewhere.resolve("tproxy").toString(), "--version");
    assertThat(linked.exit()).as(linked.err()).isZero();
    assertThat(linked.out()).isEqualTo(here.out());
  }

  @Test
  void validatesItsExamples() throws Exception {
    for (String example : List.of("quickstart", "proxytunnel-endpoint")) {
      // Their certificates are made by tproxy certs or live on the proxy host: not looked for here.
      Run r = run(home, Map.of(), "bin/tproxy", "validate", "--no-file-checks", "examples/" + example + "/tproxy.yaml");
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("examples/" + example + "/tproxy.yaml is valid: topology \"" + example + "\"");
    }
  }

  /** An Ant build needs nothing but lib/ on the tasks' class path. */
  @Test
  void antRunsTheTasksFromLib() throws Exception {
    Path build = Files.writeString(unpacked.resolve("build.xml"), """
        <project name="uses-tproxy" default="check" xmlns:tproxy="antlib:dev.tproxy.ant">
          <path id="tproxy.classpath"><fileset dir="${tproxy.home}/lib" includes="*.jar"/></path>
          <taskdef uri="antlib:dev.tproxy.ant" resource="dev/tproxy/ant/antlib.xml" classpathref="tproxy.classpath"/>
          <target name="check">
            <tproxy:validate topology="${tproxy.home}/examples/quickstart/tproxy.yaml"/>
          </target>
        </project>
        """);
    // Ant's own jars only (test-scoped from Maven): tproxy's classes must come from lib/.
    String ant = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(e -> e.contains("/org/apache/ant/")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    assertThat(ant).as("ant.jar on the test class path").contains("/ant-");
    Run r = run(unpacked, Map.of(), Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", ant,
        "org.apache.tools.ant.Main", "-f", build.toString(), "-Dtproxy.home=" + home);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("tproxy.yaml is valid: topology \"quickstart\"", "BUILD SUCCESSFUL");
  }

  @Test
  void aMissingJavaIsNamed() throws Exception {
    Run r = run(home, Map.of("JAVA_HOME", "/nonexistent"), "bin/tproxy", "--version");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("tproxy: no java found", "JAVA_HOME");
  }

  /** The quickstart, as README shows it with Maven, from the archive alone: certs, then run. */
  @Test
  void servesTheQuickstart() throws Exception {
    Path work = Files.createDirectories(unpacked.resolve("quickstart"));
    Files.copy(home.resolve("examples/quickstart/tproxy.yaml"), work.resolve("tproxy.yaml"));
    Run certs = run(work, Map.of(), home.resolve("bin/tproxy").toString(), "certs");
    assertThat(certs.exit()).as(certs.err()).isZero();
    Process p = new ProcessBuilder(home.resolve("bin/tproxy").toString(), "run", "--demo-backends", "--max-duration", "60s")
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("run.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
      while (!Files.readString(work.resolve("run.log")).contains("tproxy: running")) {
        assertThat(p.isAlive()).as(Files.readString(work.resolve("run.log"))).isTrue();
        assertThat(System.nanoTime()).as("running within 45 s: " + Files.readString(work.resolve("run.log"))).isLessThan(deadline);
        Thread.sleep(200);
      }
      try (Socket s = new Socket("127.0.0.1", 8443)) {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("hello from web-demo");
      }
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  /** The sample unit is one systemd accepts: `systemd-analyze verify` says nothing about it. */
  @Test
  void theSampleUnitVerifies() throws Exception {
    Path unit = unpacked.resolve("tproxy.service");
    // verify checks that ExecStart's program exists: point it at the unpacked launcher.
    Files.writeString(unit, Files.readString(home.resolve("systemd/tproxy.service"))
        .replace("/opt/tproxy/bin/tproxy", home.resolve("bin/tproxy").toString()));
    Run r = run(unpacked, Map.of(), "systemd-analyze", "verify", unit.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out() + r.err()).as("systemd-analyze verify's remarks").doesNotContain("tproxy.service");
  }

  static Run run(Path dir, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command[0] + " (" + e.getMessage() + "); "
          + "scripts/install-debian-packages.sh installs what the tests use", e);
    }
    p.getOutputStream().close();
    String out;
    String err;
    try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
      out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
      err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command) + " ended").isTrue();
    return new Run(p.exitValue(), out, err);
  }
}
