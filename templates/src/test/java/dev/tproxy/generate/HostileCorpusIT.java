package dev.tproxy.generate;

import dev.tproxy.generate.check.Programs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.internal.sslh.Libconfig;
import dev.tproxy.generate.tools.FileChecks;
import dev.tproxy.generate.tools.TestCertificates;
import dev.tproxy.generate.tools.TestInstall;
import dev.tproxy.generate.tools.Tools;
import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile names, paths and server names - quotes, ;, braces, newline, $, #, %, backslash,
 * blanks, unicode and a few more - are put into every place of a topology (src/test/resources/
 * hostile/base.yaml), one at a time. Each is either refused by validation, with an error on that
 * field, or generated; then every file that differs from the benign generation is checked by its
 * real program (the benign files themselves are checked in full) and the value must have stayed
 * one value: nginx and stunnel load certificates from the hostile path, sslh's configuration
 * parses back to the same pattern, the ACL script grants on the hostile directory, and the
 * ProxyCommand hands the hostile path to openssl as one argument.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileCorpusIT {
  private static final Logger LOG = LoggerFactory.getLogger(HostileCorpusIT.class);

  /** The corpus. */
  static final List<String> VALUES = List.of(
      "double\"quote", "single'quote", "semi;colon", "close}brace", "open{brace", "new\nline", "carriage\rreturn",
      "tab\there", "dollar$var", "${x}", "hash#tag", "per%cent", "back\\slash", "with space", " leading",
      "ünïcödé", "日本", "back`tick", "$(id)", "default", "~regex", "\u202eright-to-left", "zero\u200bwidth",
      "nul\u0000byte", "a..b", "-dash");

  /** Where a value goes, what it is in the file format, its benign value, and how to see it stayed inert. */
  enum Place {
    NAME("name", "hostile"),
    SERVICE("services[0].name", "front"),
    BACKEND("backends[0].name", "sshd"),
    UNIX("backends[1].unix", "tproxy-hostile"),
    SNI_GLOB("services[0].demux.rules[1].sni[0]", "*.example.org"),
    ALPN_SSLH("services[0].demux.rules[1].alpn[0]", "h2"),
    REGEX("services[0].demux.rules[2].patterns[0]", "^HELLO"),
    SERVER_NAME("services[2].sni-route.rules[0].server-names[0]", "a.example.org"),
    ALPN_NGINX("services[2].sni-route.rules[1].alpn[0]", "h2"),
    CERT_PATH("services[3].tls-terminate", "certs-term"),
    CERT_NAME("services[4].tls-terminate.certificates[1].server-names[0]", "b.example.org"),
    STUNNEL_PATH("services[5].tls-terminate.certificates[0]", "certs-stunnel"),
    ACL_PATH("certificate-access.paths[0]", "store"),
    USER("certificate-access.users[0]", "nobody"),
    IFACE("network.interface", "tproxy2"),
    TABLE("network.table.name", "tproxy-hostile"),
    ALIAS("clients[0].host", "hostile-client"),
    CONNECT("clients[0].connect", "t1.example.org"),
    CLIENT_SNI("clients[0].sni", "t2.example.org"),
    PROXY("clients[0].proxy", "proxy.example.net"),
    CLIENT_PATH("clients[0]", "tproxy");

    final String field;
    final String benign;

    Place(String field, String benign) {
      this.field = field;
      this.benign = benign;
    }
  }

  private Path root;
  private TestCertificates certificates;
  private String base;
  private GeneratedFiles benignFiles;
  private final Map<String, List<String>> outcomes = new TreeMap<>();

  @BeforeAll
  void prepare() throws IOException {
    root = Files.createTempDirectory("tproxy-hostile");
    certificates = new TestCertificates(root.resolve("ca"));
    try (InputStream in = HostileCorpusIT.class.getResourceAsStream("/hostile/base.yaml")) {
      base = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @AfterAll
  void cleanUp() throws IOException {
    LOG.info("hostile corpus outcomes (refused = validation error on the field, inert = generated and checked):");
    outcomes.forEach((k, v) -> LOG.info("  {}: {}", k, v));
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The benign topology generates files that pass every check: the baseline the cases compare with. */
  @Test
  void benignTopologyPassesEveryCheck() throws IOException {
    Case c = new Case(null, null);
    TopologyLoader.Result loaded = c.load();
    assertThat(loaded.diagnostics().errors()).isEmpty();
    Topology t = loaded.topology();
    c.install(t);
    GeneratedFiles files = c.install.generate(t);
    new FileChecks(t, files, c.install.out()).checkAll();
  }

  @TestFactory
  Stream<DynamicTest> everyValueInEveryPlace() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Place place : Place.values()) {
      for (String value : VALUES) {
        tests.add(DynamicTest.dynamicTest(place + " = " + printable(value), () -> new Case(place, value).run()));
      }
    }
    return tests.stream();
  }

  /** One value in one place. */
  private final class Case {
    final Place place;
    final String value;
    TestInstall install;

    Case(Place place, String value) {
      this.place = place;
      this.value = value;
    }

    String yaml(Path dir) {
      String y = base.replace("@@ROOT@@", escape(dir.toString()));
      for (Place p : Place.values()) {
        y = y.replace("@@" + p + "@@", escape(p == place ? value : p.benign));
      }
      return y;
    }

    Path dir;

    TopologyLoader.Result load() throws IOException {
      if (dir == null) {
        dir = Files.createTempDirectory(root, "case");
      }
      return TopologyLoader.read(yaml(dir), "hostile.yaml", false, dir);
    }

    void install(Topology t) {
      install = new TestInstall(dir);
      install.installCertificates(t, certificates);
      Path unixDir = dir.resolve("run");
      try {
        Files.createDirectories(unixDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void run() throws IOException {
      TopologyLoader.Result r = load();
      List<Diagnostic> errors = r.diagnostics().errors();
      if (!errors.isEmpty()) {
        assertThat(errors).as("errors for %s", printable(value))
            .anyMatch(d -> d.path().startsWith(place.field) || (d.path().isEmpty() && d.message().contains("syntax")));
        assertThat(errors).allMatch(d -> !d.message().isBlank());
        record("refused");
        return;
      }
      Topology t = r.topology();
      install(t);
      GeneratedFiles files = install.generate(t);
      GeneratedFiles benign = benign();
      Set<String> changed = changedFiles(normalise(files, dir), benign);
      FileChecks checks = new FileChecks(t, files, install.out());
      checks.checkChanged(changed::contains);
      inert(t, files);
      record("inert (" + changed.size() + " files checked)");
    }

    private void record(String outcome) {
      synchronized (outcomes) {
        outcomes.computeIfAbsent(place.toString(), k -> new ArrayList<>()).add(printable(value) + " " + outcome);
      }
    }

    /** The value reached its file as one value. */
    private void inert(Topology t, GeneratedFiles files) throws IOException {
      switch (place) {
        case REGEX -> {
          for (String cfg : List.of("sslh/" + t.services().get(0).name() + ".cfg", "sslh/legacy.cfg")) {
            assertThat(patterns(files.file(cfg).orElseThrow().content())).as(cfg).contains(value);
          }
        }
        case ACL_PATH -> aclGranted(t.certificateAccess().paths().get(0));
        case CLIENT_PATH, CONNECT, CLIENT_SNI, PROXY, ALIAS -> proxyCommandArguments(t, files);
        default -> {
          // nginx, sslh and stunnel loaded the files from the hostile paths (the checks above);
          // names and server names passed nginx -t, which refuses a broken-out map or server.
        }
      }
    }

    private void aclGranted(Path store) {
      Path acl = findScript("-certificate-acl.sh");
      Programs.Result run = Tools.run(List.of(acl.toString()), Duration.ofSeconds(60));
      assertThat(run.exit()).as(run.describe()).isZero();
      Programs.Result facl = Tools.run(List.of(Tools.require("getfacl", "acl").toString(), "-p", store.toString()),
          Duration.ofSeconds(30));
      assertThat(facl.stdout()).as(facl.describe()).contains("user:nobody:r-x").contains("default:user:nobody:r-x");
    }

    private Path findScript(String suffix) {
      try (Stream<Path> s = Files.list(install.out().resolve("sbin"))) {
        return s.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** ssh's ProxyCommand, run by a shell as ssh runs it, hands openssl exactly the expected words. */
    private void proxyCommandArguments(Topology t, GeneratedFiles files) throws IOException {
      var client = t.clients().get(0);
      Path conf = install.out().resolve("ssh").resolve(client.host() + ".conf");
      String resolved = new FileChecks(t, files, install.out()).ssh(conf, client.host());
      String command = resolved.lines().filter(l -> l.startsWith("proxycommand ")).findFirst().orElseThrow()
          .substring("proxycommand ".length()).replace("%%", "%");
      Path bin = Files.createDirectories(dir.resolve("fakebin"));
      Path fake = bin.resolve("openssl");
      Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done\n");
      Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path home = dir.resolve("home");
      Programs.Result r = Tools.run(List.of("/bin/sh", "-c", "exec " + command), Duration.ofSeconds(30),
          Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", home.toString()), dir);
      assertThat(r.exit()).as(r.describe()).isZero();
      List<String> argv = Arrays.asList(r.stdout().split("\0", -1)).subList(0, r.stdout().split("\0", -1).length - 1);
      String ssh = home + "/.ssh/" + (place == Place.CLIENT_PATH ? value : Place.CLIENT_PATH.benign);
      assertThat(argv).containsSubsequence("-proxy", client.proxy().orElseThrow().toString());
      assertThat(argv).containsSubsequence("-connect", client.connect().toString());
      assertThat(argv).containsSubsequence("-servername", client.effectiveSni());
      assertThat(argv).containsSubsequence("-cert", ssh + "/client.pem", "-key", ssh + "/client.key");
      assertThat(argv).containsSubsequence("-CAfile", ssh + "/ca.pem");
    }
  }

  private GeneratedFiles benign() throws IOException {
    synchronized (this) {
      if (benignFiles == null) {
        Case c = new Case(null, null);
        Topology t = c.load().orThrow();
        c.install(t);
        benignFiles = c.install.generate(t);
        // Normalise the per-case directory so that files compare across cases.
        benignFiles = normalise(benignFiles, c.dir);
      }
      return benignFiles;
    }
  }

  private static GeneratedFiles normalise(GeneratedFiles files, Path dir) {
    List<GeneratedFile> out = new ArrayList<>();
    for (GeneratedFile f : files) {
      out.add(new GeneratedFile(f.relativePath(), f.content().replace(dir.toString(), "@@DIR@@"), f.mode()));
    }
    return new GeneratedFiles(files.topology(), out, files.runtimeServices());
  }

  /** Files that are new or differ from the benign generation (both normalised). */
  private static Set<String> changedFiles(GeneratedFiles files, GeneratedFiles benign) {
    Set<String> changed = new java.util.TreeSet<>();
    for (GeneratedFile f : files) {
      Optional<GeneratedFile> b = benign.file(f.relativePath());
      if (b.isEmpty() || !b.get().content().equals(f.content())) {
        changed.add(f.relativePath());
      }
    }
    return changed;
  }

  private static List<String> patterns(String sslhConfig) {
    try {
      Libconfig.Group g = Libconfig.parse(sslhConfig);
      List<String> out = new ArrayList<>();
      for (Libconfig.Value p : ((Libconfig.ListValue) g.settings().get("protocols")).elements()) {
        Libconfig.Value patterns = ((Libconfig.Group) p).settings().get("regex_patterns");
        if (patterns instanceof Libconfig.ArrayValue a) {
          a.elements().forEach(e -> out.add(((Libconfig.Str) e).value()));
        }
      }
      return out;
    } catch (Libconfig.SyntaxError e) {
      throw new AssertionError(e);
    }
  }

  /** A YAML double-quoted scalar's content: the JSON escapes, which YAML shares. */
  static String escape(String value) {
    StringBuilder sb = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static String printable(String value) {
    StringBuilder sb = new StringBuilder();
    for (char c : value.toCharArray()) {
      sb.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
          ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.toString();
  }
}
