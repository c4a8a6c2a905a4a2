package dev.tproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, started as users start it: {@code java -jar tproxy.jar ...}. */
class LauncherProcessIT {

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run tproxy(Path workDir, String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("tproxy.jar");
    assertThat(jar).as("system property tproxy.jar (set by the failsafe configuration)").isNotNull();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    cmd.addAll(List.of(args));
    return run(workDir, cmd);
  }

  /** Runs a command to its end (at most a minute): exit code, standard output, standard error. */
  static Run run(Path workDir, List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, err);
  }

  @Test
  void validatesAGoodFile() throws Exception {
    Path example = Path.of("..", "examples", "proxytunnel-endpoint", "tproxy.yaml").toAbsolutePath().normalize();
    // Its certificates live on the proxy host, not here.
    Run r = tproxy(dir, "validate", "--no-file-checks", example.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(example + " is valid: topology \"proxytunnel-endpoint\", 4 services, 2 backends.\n");
  }

  @Test
  void aBadFileExitsOneWithTheDiagnostics() throws Exception {
    Files.writeString(dir.resolve("tproxy.yaml"), "name: t\nservices:\n  - name: a\n    listen: [\"127.0.0.1:99999\"]\n    forward: {target: a}\n");
    Run r = tproxy(dir, "validate");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    // Each diagnostic once; the last line counts them without repeating them.
    assertThat(r.err()).isEqualTo("""
        tproxy.yaml:4:14: error: services[0].listen[0]: "127.0.0.1:99999": port 99999 is out of range 0-65535
        tproxy.yaml:5:15: error: services[0].forward.target: service "a" forwards to itself
        tproxy: tproxy.yaml has 2 errors (above)
        """);
  }

  @Test
  void aMissingFileAndBadUsageHaveTheirOwnCodes() throws Exception {
    Run missing = tproxy(dir, "validate", "nope.yaml");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("tproxy: the topology file nope.yaml does not exist; create it"
        + " (see examples/quickstart/tproxy.yaml) or point the TOPOLOGY argument at it\n");
    Run usage = tproxy(dir, "validate", "--colour");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).startsWith("Unknown option: '--colour'");
  }

  /** The shaded jar names its version, the commit it was built from, its Netty and the JDK. */
  @Test
  void versionNamesTheBuildNettyAndTheJdk() throws Exception {
    Run r = tproxy(dir, "--version");
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).matches("tproxy " + java.util.regex.Pattern.quote(System.getProperty("tproxy.version"))
        + " \\(commit [0-9a-f]{10}( with uncommitted changes)?, \\d{4}-\\d{2}-\\d{2}\\)");
    assertThat(lines[1]).isEqualTo("Netty " + io.netty.util.Version.identify().get("netty-common").artifactVersion()
        + ", native epoll available, io_uring available; AUTO takes IO_URING");
    assertThat(lines[2]).startsWith("Java " + System.getProperty("java.version") + " (");
  }

  /**
   * {@code run --transparent} asks for the capability, not for the user root: a service user
   * (here nobody, through setpriv) holding CAP_NET_ADMIN runs; without it the runtime refuses at
   * start and names the capability.
   */
  @Test
  void runTransparentNeedsTheCapabilityNotRoot() throws Exception {
    assertThat(System.getProperty("user.name")).as("this test needs root: it switches to the user nobody"
        + " with and without CAP_NET_ADMIN (setpriv, from util-linux)").isEqualTo("root");
    Path shared = Files.createTempDirectory("tproxy-transparent");
    try {
      Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      // The checkout may be where nobody cannot read (a home directory): nobody runs a copy.
      Path jar = Files.copy(Path.of(System.getProperty("tproxy.jar")), shared.resolve("tproxy.jar"));
      Files.setPosixFilePermissions(jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      Path topology = Files.writeString(shared.resolve("tproxy.yaml"), """
          name: cli-transparent
          network: {method: dedicated-address, interface: tproxy0, address: 192.168.255.254/32, table: {id: 111, name: tproxy}}
          backends: [{name: b, address: "192.168.255.254:%d"}]
          services:
            - name: front
              transparent: true
              listen: ["127.0.0.1:%d"]
              forward: {target: b}
          """.formatted(freePort(), freePort()));
      List<String> run = List.of("run", "--transparent", "--max-duration", "1s", topology.toString());
      Run withCapability = asNobody(shared, jar, List.of("--inh-caps=+net_admin", "--ambient-caps=+net_admin"), run);
      assertThat(withCapability.exit()).as(withCapability.err()).isZero();
      assertThat(withCapability.out()).contains("tproxy: topology \"cli-transparent\" runs as written");
      Run without = asNobody(shared, jar, List.of(), run);
      assertThat(without.exit()).as(without.out()).isEqualTo(1);
      assertThat(without.err()).contains("may not set IP_TRANSPARENT", "CAP_NET_RAW or CAP_NET_ADMIN");
    } finally {
      try (var files = Files.walk(shared)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static Run asNobody(Path workDir, Path jar, List<String> capabilities, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    cmd.addAll(capabilities);
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-jar",
        jar.toString()));
    cmd.addAll(args);
    return run(workDir, cmd);
  }

  @Test
  void certsWritesTheQuickstartCertificates() throws Exception {
    Files.copy(Path.of("..", "examples", "quickstart", "tproxy.yaml"), dir.resolve("tproxy.yaml"));
    Run r = tproxy(dir, "certs");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(dir.resolve("certs/demo.test.key")).exists();
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * run serves, a client gets through; SIGHUP applies a changed file without a restart and refuses
   * a broken one, serving on; SIGTERM stops it gracefully with exit code 0.
   */
  @Test
  void runServesUntilSigtermThenExitsZero() throws Exception {
    int front = freePort();
    int web = freePort();
    Files.writeString(dir.resolve("tproxy.yaml"), """
        name: cli-run
        backends: [{name: web, address: "127.0.0.1:%d", demo: http}]
        services:
          - name: front
            listen: ["127.0.0.1:%d"]
            demux: {rules: [{probe: http, target: web}, {probe: anyprot, target: web}]}
        """.formatted(web, front));
    // env resets SIGHUP to its default: a build started under nohup passes it on ignored, and the
    // launcher could then not reload (it says so: sighupIgnoredSinceStartIsSaid).
    List<String> cmd = List.of("env", "--default-signal=HUP",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("tproxy.jar"), "run", "--demo-backends", "--work-dir", dir.resolve("work").toString());
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
    try {
      java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.startsWith("tproxy: running")) {
          break;
        }
      }
      assertThat(seen.toString()).contains("tproxy: topology \"cli-run\" runs in local mode",
          "tproxy: running; SIGHUP reloads, SIGTERM or Ctrl-C stops");
      assertThat(get(front)).contains("hello from web");

      try (java.net.ServerSocket other = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
        Thread answer = new Thread(() -> {
          try (java.net.Socket c = other.accept()) {
            c.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\nhello from web2".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException ignored) {
            // the test fails on the answer it did not get
          }
        });
        answer.start();
        Files.writeString(dir.resolve("tproxy.yaml"), Files.readString(dir.resolve("tproxy.yaml"))
            .replace("{probe: http, target: web}", "{probe: http, target: web2}")
            .replace("backends: [", "backends: [{name: web2, address: \"127.0.0.1:" + other.getLocalPort() + "\"}, "));
        hangUp(p);
        assertThat(linesUntil(out, "tproxy: reloaded: ")).contains("tproxy: reloaded: service \"front\": changed (demux stage)");
        assertThat(get(front)).contains("hello from web2");
        answer.join(10_000);
      }

      Files.writeString(dir.resolve("tproxy.yaml"), "name: cli-run\nservices: [}\n");
      hangUp(p);
      linesUntil(out, "tproxy: reloading");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Files.readString(dir.resolve("stderr.txt")).contains("tproxy: reload refused") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(Files.readString(dir.resolve("stderr.txt")))
          .contains("tproxy.yaml:2:", "tproxy: reload refused, ", "has errors (above); the running topology is unchanged");
      assertThat(p.isAlive()).isTrue();
      try (java.net.Socket stillListening = new java.net.Socket("127.0.0.1", front)) {
        assertThat(stillListening.isConnected()).isTrue();
      }

      // SIGTERM as a service manager sends it (Process.destroy() would also close our end of the pipes).
      assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
      String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(rest + Files.readString(dir.resolve("stderr.txt"))).isZero();
      assertThat(rest).contains("tproxy: stopped");
      // the connection log line goes through SLF4J to stderr
      assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("front").doesNotContain("SIGHUP is ignored");
    } finally {
      p.destroyForcibly();
    }
  }

  /** Started under nohup, SIGHUP cannot reach the launcher's handler: it says so instead of never reloading. */
  @Test
  void sighupIgnoredSinceStartIsSaid() throws Exception {
    Files.writeString(dir.resolve("tproxy.yaml"), """
        name: cli-nohup
        backends: [{name: web, address: "127.0.0.1:%d", demo: http}]
        services:
          - {name: front, listen: ["127.0.0.1:%d"], forward: {target: web}}
        """.formatted(freePort(), freePort()));
    Run r = run(dir, List.of("nohup", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("tproxy.jar"), "run", "--demo-backends", "--max-duration", "1s",
        "--work-dir", dir.resolve("work").toString()));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("tproxy: SIGHUP is ignored in this process (started under nohup?), so it cannot"
        + " reload on SIGHUP; start it without nohup, or reload when the file changes (--watch)");
  }

  private static void hangUp(Process p) throws Exception {
    assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor()).isZero();
  }

  /** Standard output and error go to the reader; reads lines until one starts with {@code prefix}. */
  private static String linesUntil(java.io.BufferedReader out, String prefix) throws IOException {
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith(prefix)) {
        return seen.toString();
      }
    }
    throw new AssertionError("the launcher's output ended before a line starting with \"" + prefix + "\":\n" + seen);
  }

  private static String get(int port) throws IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.getOutputStream().write("GET /cli HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void runTakesItsTuningFlagsAndRefusesBadOnes() throws Exception {
    Files.writeString(dir.resolve("tproxy.yaml"), """
        name: cli-tuning
        backends: [{name: web, address: "127.0.0.1:%d"}]
        services:
          - {name: front, listen: ["127.0.0.1:%d"], forward: {target: web}}
        """.formatted(freePort(), freePort()));
    Run negative = tproxy(dir, "run", "--local", "--io-threads", "-1");
    assertThat(negative.exit()).isEqualTo(1);
    assertThat(negative.err()).contains("--io-threads: -1 is negative; 0 means one per two cores");
    Run level = tproxy(dir, "run", "--local", "--log-level", "loud");
    assertThat(level.exit()).isEqualTo(1);
    assertThat(level.err()).contains("--log-level: \"loud\" is none of error, warn, info, debug, trace");
    Run provider = tproxy(dir, "run", "--local", "--tls-provider", "gnutls");
    assertThat(provider.exit()).isEqualTo(2);
    Run drain = tproxy(dir, "run", "--local", "--drain-timeout", "soon");
    assertThat(drain.exit()).isEqualTo(1);
    assertThat(drain.err()).startsWith("tproxy: --drain-timeout: ");
    Run tuned = tproxy(dir, "run", "--local", "--io-threads", "1", "--log-level", "warn", "--max-duration", "1s",
        "--drain-timeout", "2s");
    assertThat(tuned.exit()).as(tuned.err()).isZero();
    assertThat(tuned.out()).contains("tproxy: running for 1s");
    assertThat(tuned.err()).as("nothing at INFO").doesNotContain(" INFO ");
  }

  /**
   * A unit that runs {@code tproxy run FILE} must not quietly become a loopback dev server: the
   * mode is asked for, and only the quickstart's --demo-backends implies local mode.
   */
  @Test
  void runWantsItsModeSaidAndLogsWithDateAndTime() throws Exception {
    Files.writeString(dir.resolve("tproxy.yaml"), """
        name: cli-mode
        backends: [{name: web, address: "127.0.0.1:%d"}]
        services:
          - {name: front, engine: tproxy, listen: ["127.0.0.1:%d"], forward: {target: web}}
          - {name: other, engine: nginx, listen: ["127.0.0.1:%d"], forward: {target: web}}
        """.formatted(freePort(), freePort(), freePort()));
    Run neither = tproxy(dir, "run", "--max-duration", "1s");
    assertThat(neither.exit()).as(neither.err()).isZero();
    assertThat(neither.out()).as("as written unless --local").contains("runs as written (1 of 2 services;");
    Run both = tproxy(dir, "run", "--local", "--transparent");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).startsWith("--local and --as-written (--transparent) exclude each other\n");
    Run unknown = tproxy(dir, "run", "--local", "--services", "front,nope");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).startsWith("tproxy: --services: tproxy.yaml has no service \"nope\"; its services are front, other");

    Run asWritten = tproxy(dir, "run", "--as-written", "--max-duration", "1s");
    assertThat(asWritten.exit()).as(asWritten.err()).isZero();
    assertThat(asWritten.out()).contains(
        "tproxy: topology \"cli-mode\" runs as written (1 of 2 services; left to their engines: other (nginx))");
    // slf4j-simple's lines on stderr: ISO 8601 date and time with offset first
    assertThat(asWritten.err().lines().filter(l -> l.contains(" INFO ")))
        .isNotEmpty().allMatch(l -> l.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) .*"));
    Run help = tproxy(dir, "run", "--help");
    assertThat(help.out()).contains("--as-written", "--local", "--services", "--drain-timeout", "--demo-backends implies it");
  }

  @Test
  void generateWritesAndRefusesWhatTheEngineCannotDo() throws Exception {
    Path example = Path.of("..", "examples", "proxytunnel-endpoint", "tproxy.yaml").toAbsolutePath().normalize();
    Run ok = tproxy(dir, "generate", "-o", "out", example.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(dir.resolve("out/systemd/sslh-front.service")).exists();
    assertThat(ok.out()).startsWith("tproxy: wrote 13 files for topology \"proxytunnel-endpoint\" to out\n");

    Files.writeString(dir.resolve("legacy.yaml"), """
        name: legacy
        backends: [{name: b, address: "127.0.0.1:9"}]
        services:
          - name: front
            engine: sslh
            engine-version: "2.1.4"
            listen: ["127.0.0.1:8443"]
            demux: {rules: [{probe: ssh, target: b}]}
        """);
    Run refused = tproxy(dir, "generate", "-o", "out2", "legacy.yaml");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).startsWith("tproxy: legacy.yaml: service \"front\"");
    assertThat(dir.resolve("out2")).doesNotExist();
  }
}
