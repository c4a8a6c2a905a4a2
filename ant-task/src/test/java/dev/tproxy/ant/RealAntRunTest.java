package dev.tproxy.ant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real Ant (org.apache.ant 1.10 from Maven Central, its own launcher, in its own JVM) on a
 * build file that uses the antlib, as a user would.
 */
class RealAntRunTest {

  @TempDir Path dir;

  record Run(int exit, String output) {}

  private Run ant(String target) throws IOException, InterruptedException {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(List.of(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
            "org.apache.tools.ant.Main", "-f", dir.resolve("build.xml").toString(), target))
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @BeforeEach
  void buildFile() throws IOException {
    Files.copy(Path.of("..", "examples", "quickstart", "tproxy.yaml"), dir.resolve("tproxy.yaml"));
    Files.writeString(dir.resolve("broken.yaml"), """
        name: broken
        services:
          - name: front
            listen: ["127.0.0.1:8443"]
            forward: {target: shd}
        backends: [{name: sshd, address: "127.0.0.1:22"}]
        """);
    Files.writeString(dir.resolve("build.xml"), """
        <project name="uses-tproxy" xmlns:tproxy="antlib:dev.tproxy.ant">
          <target name="good">
            <tproxy:validate/>
          </target>
          <target name="broken">
            <tproxy:validate topology="broken.yaml"/>
          </target>
          <target name="generate">
            <tproxy:generate outputdirectory="out"/>
          </target>
          <target name="certs">
            <tproxy:certs cadirectory="ca"/>
          </target>
          <target name="run">
            <tproxy:run topology="run.yaml" maxduration="4s" demobackends="true"/>
          </target>
        </project>
        """);
  }

  @Test
  void validatesTheDefaultTopology() throws Exception {
    Run r = ant("good");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("[tproxy:validate] " + dir.resolve("tproxy.yaml")
        + " is valid: topology \"quickstart\", 3 services, 3 backends.", "BUILD SUCCESSFUL");
  }

  @Test
  void aBrokenTopologyFailsTheBuildAtTheTasksLocation() throws Exception {
    Run r = ant("broken");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output()).contains(
        "[tproxy:validate] " + dir.resolve("broken.yaml") + ":5:15: error: services[0].forward.target: no service or backend is named \"shd\"",
        "BUILD FAILED",
        dir.resolve("build.xml") + ":6: " + dir.resolve("broken.yaml") + " has 1 error (above)");
  }

  @Test
  void createsCertificates() throws Exception {
    Run r = ant("certs");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(dir.resolve("certs/demo.test.key")).exists();
    assertThat(dir.resolve("ca/ca.pem")).exists();
    assertThat(r.output()).containsPattern("\\[tproxy:certs\\] created +\\S+/certs/demo.test.pem +server demo.test for terminator");
  }

  @Test
  void runsForItsMaximumDurationWhileAClientGetsThrough() throws Exception {
    int front;
    int web;
    try (java.net.ServerSocket a = new java.net.ServerSocket(0); java.net.ServerSocket b = new java.net.ServerSocket(0)) {
      front = a.getLocalPort();
      web = b.getLocalPort();
    }
    Files.writeString(dir.resolve("run.yaml"), """
        name: ant-run
        backends: [{name: web, address: "127.0.0.1:%d", demo: http}]
        services:
          - {name: front, listen: ["127.0.0.1:%d"], forward: {target: web}}
        """.formatted(web, front));
    java.util.concurrent.CompletableFuture<String> client = GetOnceListening.start(front, "/ant", java.time.Duration.ofSeconds(30));
    Run r = ant("run");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(client.get(30, java.util.concurrent.TimeUnit.SECONDS)).contains("hello from web", "request: GET /ant");
    assertThat(r.output()).contains("[tproxy:run] tproxy: running for 4s; Ctrl-C stops earlier", "[tproxy:run] tproxy: stopped");
  }

  @Test
  void generatesTheFiles() throws Exception {
    Run r = ant("generate");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(dir.resolve("out/nginx/stream.conf")).exists();
    assertThat(dir.resolve("out/sslh/front.cfg")).exists();
    assertThat(r.output()).contains("[tproxy:generate] tproxy: wrote ").containsPattern("nginx/stream\\.conf +0644 +\\d+");
  }
}
