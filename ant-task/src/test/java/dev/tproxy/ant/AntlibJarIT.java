package dev.tproxy.ant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The antlib jar as a user takes it: Debian's Ant ({@code /usr/bin/ant}, package {@code ant},
 * scripts/install-debian-packages.sh) runs a build file whose only reference to tproxy is
 * {@code <taskdef resource=... classpath="that.jar"/>}; no other jar, no {@code -lib}. The
 * runtime's connection lines and warnings must appear in Ant's log, under the task's name,
 * without SLF4J's "no providers" warning.
 */
class AntlibJarIT {

  @TempDir Path dir;

  @Test
  void aBuildWithNothingButTheAntlibJarValidatesGeneratesAndRunsWithTheRuntimesLinesInAntsLog() throws Exception {
    Path jar = Path.of(System.getProperty("tproxy.antlib")).toAbsolutePath();
    assertThat(jar).exists();
    Path ant = Path.of("/usr/bin/ant");
    assertThat(ant).as("Debian's ant package (scripts/install-debian-packages.sh)").isExecutable();
    int front;
    int web;
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      front = a.getLocalPort();
      web = b.getLocalPort();
    }
    Files.writeString(dir.resolve("tproxy.yaml"), """
        name: antlib
        backends: [{name: web, address: "127.0.0.1:%d", demo: http}]
        services:
          - {name: front, listen: ["127.0.0.1:%d"], forward: {target: web}}
        """.formatted(web, front));
    Files.writeString(dir.resolve("build.xml"), """
        <project name="antlib-jar" default="all" xmlns:tproxy="antlib:dev.tproxy.ant">
          <taskdef uri="antlib:dev.tproxy.ant" resource="dev/tproxy/ant/antlib.xml" classpath="%s"/>
          <target name="all">
            <tproxy:validate/>
            <tproxy:generate outputdirectory="out"/>
            <tproxy:run maxduration="5s" demobackends="true"/>
          </target>
        </project>
        """.formatted(jar));
    CompletableFuture<String> client = GetOnceListening.start(front, "/antlib", java.time.Duration.ofSeconds(60));
    ProcessBuilder pb = new ProcessBuilder(List.of(ant.toString(), "-noclasspath", "-nouserlib", "-f",
        dir.resolve("build.xml").toString())).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("CLASSPATH");
    pb.environment().remove("ANT_ARGS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    System.out.println(out);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(client.get(60, TimeUnit.SECONDS)).contains("hello from web", "request: GET /antlib");
    assertThat(out)
        .contains("[tproxy:validate] " + dir.resolve("tproxy.yaml") + " is valid: topology \"antlib\"")
        .containsPattern("\\[tproxy:generate\\] tproxy: wrote \\d+ files")
        // the runtime's own lines (SLF4J), through the bridge into Ant's log
        .containsPattern("\\[tproxy:run\\] tproxy runtime \"antlib\" started on")
        .containsPattern("\\[tproxy:run\\] front 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + front + " route ")
        .contains("[tproxy:run] tproxy: stopped", "BUILD SUCCESSFUL")
        .doesNotContain("SLF4J");
  }
}
