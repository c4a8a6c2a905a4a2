package dev.tproxy.cli;

import static dev.tproxy.runtime.testing.NetnsTestBed.CLIENT_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.HIDDEN_IP;
import static dev.tproxy.runtime.testing.NetnsTestBed.SERVER_IP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.GeneratedFiles;
import dev.tproxy.generate.GeneratedFilesWriter;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.generate.check.Finding;
import dev.tproxy.generate.check.GeneratedFilesCheck;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.NetnsTestBed;
import dev.tproxy.runtime.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unit {@code tproxy generate} writes for examples/runtime-service, done as systemd would do
 * it, since systemd is not process 1 here: its user, its capabilities (ambient and bounding set),
 * NoNewPrivileges, LimitNOFILE, JAVA_OPTS and its ExecStartPre and ExecStart command lines are
 * read from the generated unit and applied with prlimit and setpriv, inside the network-namespace
 * test bed. The launcher is a script that runs the shaded jar, installed where the unit says. The
 * key is root's, 0600, in a 0700 directory: the generated certificate-ACL script lets the unit's
 * user read it. A client's connection arrives at the backend from the client's own address, and
 * without the capability for IP_TRANSPARENT the launcher refuses to start, naming it. The unit
 * itself passes {@code systemd-analyze verify} and scores at most 2.5.
 *
 * <p>Needs root (namespaces, setpriv, setfacl) and creates the unit's user ({@code useradd
 * --system}) when it does not exist; without root it fails and says so.
 */
class RuntimeUnitIT {
  private static final String PUBLIC_IP = "203.0.113.10";

  private Path shared;

  @BeforeEach
  void sharedDirectory() throws IOException {
    assertThat(System.getProperty("user.name")).as("this test needs root: it builds network namespaces, creates the"
        + " unit's user and runs the launcher as that user with setpriv (util-linux) and setfacl (acl)").isEqualTo("root");
    // Readable by the unit's user (a temporary directory of root's is not).
    shared = Files.createTempDirectory("tproxy-unit");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @AfterEach
  void removeSharedDirectory() throws IOException {
    try (Stream<Path> files = Files.walk(shared)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** What the test reads from the generated unit: exactly what systemd would apply. */
  record Unit(String text) {
    String value(String key) {
      List<String> values = text.lines().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
          .toList();
      assertThat(values).as("%s= in the unit:\n%s", key, text).hasSize(1);
      return values.get(0);
    }

    /** CAP_NET_RAW CAP_NET_BIND_SERVICE as setpriv writes them: +net_raw,+net_bind_service. */
    String setprivCapabilities(String key) {
      return String.join(",", Arrays.stream(value(key).split(" "))
          .map(c -> "+" + c.substring("CAP_".length()).toLowerCase(Locale.ROOT)).toList());
    }

    String javaOpts() {
      String env = value("Environment");
      assertThat(env).startsWith("\"JAVA_OPTS=").endsWith("\"");
      return env.substring("\"JAVA_OPTS=".length(), env.length() - 1);
    }
  }

  @Test
  void theGeneratedUnitRunsTheExampleAsItsUserWithItsCapabilitiesOnly() throws Exception {
    Path jar = Files.copy(Path.of(System.getProperty("tproxy.jar")), shared.resolve("tproxy.jar"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    // The launcher where the unit runs it, as bin/tproxy of the distribution does: JAVA_OPTS, then the jar.
    Path launcher = Files.createDirectories(shared.resolve("bin")).resolve("tproxy");
    Files.writeString(launcher, "#!/bin/sh\n# shellcheck disable=SC2086\nexec \"" + javaBinary()
        + "\" ${JAVA_OPTS:-} -XX:-UsePerfData -jar \"" + jar + "\" \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

    // The example, its certificate store under the shared directory: root's key, 0600, in a 0700 directory.
    Path certs = shared.resolve("certs");
    TestPki.create(certs, "tproxy unit test CA").server("www.example.org", "www.example.org");
    Files.setPosixFilePermissions(certs, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(certs.resolve("www.example.org.key"), PosixFilePermissions.fromString("rw-------"));
    String example = Files.readString(Path.of("..", "examples", "runtime-service", "tproxy.yaml"), StandardCharsets.UTF_8);
    Path topologyFile = Files.writeString(shared.resolve("runtime-service.yaml"), example.replace("/etc/tproxy/certs", certs.toString()));
    Files.setPosixFilePermissions(topologyFile, PosixFilePermissions.fromString("rw-r--r--"));
    Topology topology = TopologyLoader.load(topologyFile);

    Path root = Files.createDirectories(shared.resolve("staged"));
    Path out = root.resolve("out");
    GeneratedFiles files = Generator.generate(topology, GeneratorOptions.builder().stagedIn(out, root)
        .launcher(launcher).topologyFile(topologyFile).build());
    new GeneratedFilesWriter().write(files, out);
    String unitPath = "systemd/tproxy-runtime-service.service";
    Unit unit = new Unit(Files.readString(out.resolve(unitPath)));

    // The unit as systemd reads it: verified, and its exposure score.
    GeneratedFilesCheck check = new GeneratedFilesCheck(topology, files, out);
    List<Finding> verified = check.systemd(List.of(unitPath, "systemd/tproxy-runtime-service-routing.service"), List.of());
    verified.forEach(f -> assertThat(f.outcome()).as(f.describe()).isEqualTo(Finding.Outcome.PASSED));
    assertThat(check.exposure().get(unitPath)).as("systemd-analyze security exposure").isLessThanOrEqualTo(2.5);

    String user = unit.value("User");
    assertThat(unit.value("Group")).isEqualTo(user);
    createSystemUser(user);
    // The certificate-ACL script, as root, lets the unit's user read the key.
    NetnsTestBed.run(out.resolve("sbin/tproxy-runtime-service-certificate-acl.sh").toString());

    String ambient = unit.setprivCapabilities("AmbientCapabilities");
    assertThat(unit.value("CapabilityBoundingSet")).isEqualTo(unit.value("AmbientCapabilities"));
    assertThat(ambient).isEqualTo("+net_bind_service,+net_raw");
    assertThat(unit.value("NoNewPrivileges")).isEqualTo("yes");
    String openFiles = unit.value("LimitNOFILE");
    List<String> execStartPre = List.of(unit.value("ExecStartPre").split(" "));
    List<String> execStart = List.of(unit.value("ExecStart").split(" "));
    assertThat(execStart).containsExactly(launcher.toString(), "run", "--as-written", topologyFile.toString());

    try (NetnsTestBed bed = NetnsTestBed.create()) {
      NetnsTestBed.run("ip", "-n", bed.serverNamespace(), "addr", "add", PUBLIC_IP + "/32", "dev", "lo");
      NetnsTestBed.run("ip", "-n", bed.clientNamespace(), "route", "add", PUBLIC_IP + "/32", "via", SERVER_IP);
      NetnsTestBed.Agent server = bed.agent(bed.serverNamespace());
      server.call("backend sshd " + HIDDEN_IP + " 22");

      List<String> asTheUnit = asTheUnit(unit, user, openFiles, ambient);
      Run pre = run(bed.serverNamespace(), concat(asTheUnit, execStartPre));
      assertThat(pre.exit()).as("ExecStartPre: %s", pre.err()).isZero();

      Path log = shared.resolve("launcher.log");
      Process launched = bed.startLogged(bed.serverNamespace(), log, concat(asTheUnit, execStart).toArray(String[]::new));
      Eventually.await("the launcher runs (log: " + log + ")", Duration.ofSeconds(60),
          () -> read(log).contains("tproxy: running") || !launched.isAlive());
      assertThat(launched.isAlive()).as(read(log)).isTrue();
      assertThat(read(log)).contains("tproxy: topology \"runtime-service\" runs as written (2 services)");
      assertThat(NetnsTestBed.run("ps", "-o", "user=", "-p", Long.toString(launched.pid())).strip())
          .as("the launcher's user").isEqualTo(user);

      NetnsTestBed.Agent client = bed.agent(bed.clientNamespace());
      String answer = client.call("connect " + PUBLIC_IP + " 443");
      String local = answer.substring("local=".length(), answer.indexOf(' '));
      assertThat(local).startsWith(CLIENT_IP + ":");
      // sshd's stand-in sees the client's own address and port: the front door forwarded transparently.
      assertThat(answer).endsWith("echo=true BACKEND sshd peer=" + local);

      // systemctl stop: SIGTERM, a graceful stop, exit code 0.
      launched.destroy();
      assertThat(launched.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM: %s", read(log)).isTrue();
      assertThat(launched.exitValue()).as(read(log)).isZero();
      assertThat(read(log)).contains("tproxy: stopped");

      // Without CAP_NET_RAW (the rest as the unit has it) the launcher refuses at start, naming it.
      String withoutRaw = unit.value("AmbientCapabilities").replace("CAP_NET_RAW", "").strip();
      Unit lessened = new Unit(unit.text().replace(unit.value("AmbientCapabilities"), withoutRaw));
      List<String> noTransparency = asTheUnit(lessened, user, openFiles, lessened.setprivCapabilities("AmbientCapabilities"));
      List<String> briefly = new ArrayList<>(execStart);
      briefly.add(1 + briefly.indexOf("--as-written"), "--max-duration");
      briefly.add(2 + briefly.indexOf("--as-written"), "5s");
      Run refused = run(bed.serverNamespace(), concat(noTransparency, briefly));
      assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(1);
      assertThat(refused.err()).contains("may not set IP_TRANSPARENT", "CAP_NET_RAW or CAP_NET_ADMIN");
      // Without CAP_NET_BIND_SERVICE, port 443 is refused, and the message names the capability.
      String withoutBind = unit.value("AmbientCapabilities").replace("CAP_NET_BIND_SERVICE", "").strip();
      Unit noBind = new Unit(unit.text().replace(unit.value("AmbientCapabilities"), withoutBind));
      Run lowPort = run(bed.serverNamespace(), concat(asTheUnit(noBind, user, openFiles,
          noBind.setprivCapabilities("AmbientCapabilities")), briefly));
      assertThat(lowPort.exit()).as(lowPort.out() + lowPort.err()).isEqualTo(1);
      assertThat(lowPort.err()).contains("203.0.113.10:443", "Permission denied", "needs CAP_NET_BIND_SERVICE");
      Files.writeString(Path.of("target", "runtime-unit-it.txt"), "unit:\n" + unit.text() + "\nclient: " + answer
          + "\nwithout CAP_NET_RAW:\n" + refused.err() + "\nwithout CAP_NET_BIND_SERVICE:\n" + lowPort.err()
          + "\nlauncher log:\n" + read(log));
    }
  }

  /** prlimit and setpriv doing what systemd does for the unit: LimitNOFILE, User/Group, capabilities, NoNewPrivileges. */
  private static List<String> asTheUnit(Unit unit, String user, String openFiles, String capabilities) {
    List<String> cmd = new ArrayList<>(List.of("env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
        "JAVA_OPTS=" + unit.javaOpts(), "prlimit", "--nofile=" + openFiles + ":" + openFiles, "--",
        "setpriv", "--reuid=" + user, "--regid=" + user, "--clear-groups", "--no-new-privs"));
    if (capabilities.isEmpty()) {
      cmd.addAll(List.of("--inh-caps=-all", "--bounding-set=-all"));
    } else {
      cmd.addAll(List.of("--inh-caps=-all," + capabilities, "--ambient-caps=" + capabilities,
          "--bounding-set=-all," + capabilities));
    }
    return cmd;
  }

  private static void createSystemUser(String user) {
    try {
      NetnsTestBed.run("id", "-u", user);
    } catch (AssertionError | RuntimeException missing) {
      NetnsTestBed.requireExecutable("/usr/sbin/useradd", "useradd (package passwd), to create the unit's user " + user);
      NetnsTestBed.run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
    }
  }

  record Run(int exit, String out, String err) {}

  private static Run run(String namespace, List<String> command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
    return new Run(p.exitValue(), out, err);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
