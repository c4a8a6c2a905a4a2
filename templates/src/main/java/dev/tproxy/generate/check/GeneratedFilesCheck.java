package dev.tproxy.generate.check;

import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.GeneratedFiles;
import dev.tproxy.generate.check.Finding.Outcome;
import dev.tproxy.generate.internal.sslh.Libconfig;
import dev.tproxy.generate.internal.sslh.SslhKeyTable;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a generated set, written to disk, with the programs that will read it: nginx -t, sslh
 * -V plus its key table, systemd-analyze verify and security, bash -n and shellcheck, ssh -G,
 * nft -c, ip with the rt_tables entry, and stunnel started in a private network namespace (it
 * has no dry run). Each file gets a {@link Finding}; a program that is not installed is a
 * {@code NOT_RUN} finding that names its Debian package. Programs that bind to check run in a
 * new network namespace, so a check never touches the ports of running services.
 */
public final class GeneratedFilesCheck {
  private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d)");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Topology topology;
  private final GeneratedFiles files;
  private final Path out;
  private final Map<String, Double> exposure = new LinkedHashMap<>();

  /** {@code out}: where {@code files} were written. */
  public GeneratedFilesCheck(Topology topology, GeneratedFiles files, Path out) {
    this.topology = topology;
    this.files = files;
    this.out = out;
  }

  /** Every file, each with the program that reads it; an unknown kind of file is a failure. */
  public List<Finding> run() {
    return run(p -> true);
  }

  /**
   * The files {@code selected} accepts; files checked together (nginx.conf with the stream
   * include, all units with each other) are checked when one of them is selected.
   */
  public List<Finding> run(java.util.function.Predicate<String> selected) {
    boolean nginxGroup = files.paths().stream().anyMatch(p -> p.startsWith("nginx/") && selected.test(p));
    boolean systemdGroup = files.paths().stream().anyMatch(p -> p.startsWith("systemd/") && selected.test(p));
    List<Finding> findings = new ArrayList<>();
    List<String> units = new ArrayList<>();
    List<String> dropInUnits = new ArrayList<>();
    for (GeneratedFile f : files) {
      String p = f.relativePath();
      Path file = out.resolve(p);
      boolean group = p.startsWith("nginx/") ? nginxGroup : p.startsWith("systemd/") ? systemdGroup : selected.test(p);
      if (!group) {
        continue;
      }
      if (p.equals("nginx/nginx.conf")) {
        findings.add(nginx(file));
      } else if (p.equals("nginx/stream.conf")) {
        findings.add(Finding.passed(p, Optional.empty(), "included by nginx/nginx.conf (nginx -t)"));
      } else if (p.startsWith("sslh/")) {
        findings.add(sslh(file, service(p, "sslh/", ".cfg", EngineKind.SSLH)));
      } else if (p.startsWith("systemd/") && p.endsWith(".service") && p.indexOf('/', 8) < 0) {
        units.add(p);
      } else if (p.startsWith("systemd/") && p.contains(".service.d/")) {
        dropInUnits.add(p.substring("systemd/".length(), p.indexOf(".d/")));
      } else if (p.startsWith("sbin/")) {
        findings.add(shell(file));
      } else if (p.startsWith("ssh/")) {
        findings.add(ssh(file, p.substring("ssh/".length(), p.length() - ".conf".length())));
      } else if (p.startsWith("tproxy/") && p.endsWith(".nft")) {
        findings.add(nft(file));
      } else if (p.startsWith("iproute2/rt_tables.d/")) {
        findings.add(rtTables(file));
      } else if (p.startsWith("stunnel/")) {
        findings.add(stunnel(file, service(p, "stunnel/", ".conf", EngineKind.STUNNEL)));
      } else if (p.equals("README.txt")) {
        findings.add(Finding.passed(p, Optional.empty(), "prose, no program reads it"));
      } else {
        findings.add(Finding.of(p, Optional.empty(), "none", Outcome.FAILED, "no check knows this kind of generated file"));
      }
    }
    if (!units.isEmpty() || !dropInUnits.isEmpty()) {
      findings.addAll(systemd(units, dropInUnits));
    }
    return findings;
  }

  /** {@code systemd-analyze security} exposure of the units checked so far, by file. */
  public Map<String, Double> exposure() {
    return exposure;
  }

  private String relative(Path file) {
    return out.relativize(file).toString();
  }

  /**
   * The service a file is named after ({@code sslh/front.cfg}, {@code systemd/sslh-front.service},
   * {@code stunnel/x.conf}); files named after the topology (scripts, routing units) have none.
   */
  public Optional<String> serviceOf(String file) {
    String base = file.substring(file.lastIndexOf('/') + 1);
    String stem = base.contains(".") ? base.substring(0, base.indexOf('.')) : base;
    return topology.services().stream().map(Service::name)
        .filter(n -> n != null && (stem.equals(n) || stem.equals("sslh-" + n) || stem.equals("stunnel-" + n)))
        .findFirst();
  }

  private static Finding missing(String file, Optional<String> service, String checker, String program, String debianPackage) {
    return Finding.of(file, service, checker, Outcome.NOT_RUN, program + " is not installed (Debian package " + debianPackage + ")");
  }

  /** nginx -t, in a network namespace: run as root it binds every listen address to test it. */
  public Finding nginx(Path conf) {
    String file = relative(conf);
    String checker = "nginx -t -c";
    Optional<Path> nginx = Programs.find("nginx");
    Optional<Path> unshare = Programs.find("unshare");
    Optional<Path> sh = Programs.find("sh");
    if (nginx.isEmpty()) {
      return missing(file, Optional.empty(), checker, "nginx", "nginx-light and libnginx-mod-stream");
    }
    if (unshare.isEmpty() || sh.isEmpty()) {
      return missing(file, Optional.empty(), checker, "unshare", "util-linux");
    }
    Programs.Result r = Programs.run(Programs.inNetworkNamespace(unshare.get(), sh.get(), listenAddresses(EngineKind.NGINX),
        List.of(nginx.get().toString(), "-t", "-c", conf.toString())), TIMEOUT);
    if (r.exit() != 0 || r.stderr().contains("[emerg]") || !r.stderr().contains("test is successful")) {
      return Finding.of(file, Optional.empty(), checker, Outcome.FAILED, r.stderr());
    }
    if (r.stderr().contains("[warn]")) {
      return Finding.of(file, Optional.empty(), checker, Outcome.WARNED, r.stderr());
    }
    return Finding.passed(file, Optional.empty(), checker);
  }

  /** sslh -F&lt;file&gt; -V (syntax, probe names, addresses), and the key table (what -V cannot see). */
  public Finding sslh(Path cfg, Service service) {
    String file = relative(cfg);
    Optional<String> name = Optional.of(service.name());
    String checker = "sslh -F<file> -V, key table of sslh " + service.engine().version();
    Optional<Path> sslh = Programs.find("sslh");
    if (sslh.isEmpty()) {
      return missing(file, name, checker, "sslh", "sslh");
    }
    Programs.Result r = Programs.run(List.of(sslh.get().toString(), "-F" + cfg, "-V"), TIMEOUT);
    if (r.exit() != 0 || r.output().contains("error") || r.output().contains("unknown")) {
      return Finding.of(file, name, checker, Outcome.FAILED, r.output());
    }
    try {
      List<String> problems = SslhKeyTable.problems(service.engine().version(), Libconfig.parse(Files.readString(cfg)));
      if (!problems.isEmpty()) {
        return Finding.of(file, name, checker, Outcome.FAILED, String.join("; ", problems));
      }
    } catch (Libconfig.SyntaxError | IOException e) {
      return Finding.of(file, name, checker, Outcome.FAILED, e.getMessage());
    }
    return Finding.passed(file, name, checker);
  }

  /**
   * {@code systemd-analyze verify} on the units (each ExecStart must be executable, each
   * dependency must exist) and on the packaged units with their drop-ins, then the exposure
   * score of each unit of the generated set ({@code systemd-analyze security --offline=yes}).
   */
  public List<Finding> systemd(List<String> units, List<String> dropInUnits) {
    List<Finding> findings = new ArrayList<>();
    String checker = "systemd-analyze verify";
    Optional<Path> analyze = Programs.find("systemd-analyze");
    if (analyze.isEmpty()) {
      units.forEach(u -> findings.add(missing(u, serviceOf(u), checker, "systemd-analyze", "systemd")));
      return findings;
    }
    Path dir = out.resolve("systemd");
    List<String> command = new ArrayList<>(List.of(analyze.get().toString(), "verify", "--man=no"));
    units.forEach(u -> command.add(out.resolve(u).toString()));
    command.addAll(dropInUnits);
    Programs.Result r = Programs.run(command, TIMEOUT, Map.of("SYSTEMD_UNIT_PATH", dir + ":"), dir);
    Outcome verified = r.exit() != 0 ? Outcome.FAILED : r.output().isBlank() ? Outcome.PASSED : Outcome.WARNED;
    for (String u : units) {
      Finding f = Finding.of(u, serviceOf(u), checker, verified, verified == Outcome.PASSED ? "" : r.output());
      if (verified != Outcome.FAILED) {
        OptionalExposure e = exposureOf(analyze.get(), out.resolve(u));
        if (e.score() != null) {
          exposure.put(u, e.score());
          f = Finding.of(u, serviceOf(u), checker + ", security --offline=yes (exposure " + e.score() + ")", verified, f.detail());
        } else {
          f = Finding.of(u, serviceOf(u), checker + ", security --offline=yes", Outcome.FAILED, e.failure());
        }
      }
      findings.add(f);
    }
    for (String u : dropInUnits) {
      findings.add(Finding.of("systemd/" + u + ".d/", serviceOf(u), checker + " " + u + " with the drop-in", verified,
          verified == Outcome.PASSED ? "" : r.output()));
    }
    return findings;
  }

  private record OptionalExposure(Double score, String failure) {}

  private static OptionalExposure exposureOf(Path analyze, Path unit) {
    Programs.Result r = Programs.run(List.of(analyze.toString(), "security", "--offline=yes", "--no-pager", unit.toString()),
        TIMEOUT);
    Matcher m = EXPOSURE.matcher(r.stdout());
    if (r.exit() != 0 || !m.find()) {
      return new OptionalExposure(null, r.output());
    }
    return new OptionalExposure(Double.parseDouble(m.group(1)), "");
  }

  public Finding shell(Path script) {
    String file = relative(script);
    Optional<Path> bash = Programs.find("bash");
    Optional<Path> shellcheck = Programs.find("shellcheck");
    if (bash.isEmpty()) {
      return missing(file, serviceOf(file), "bash -n", "bash", "bash");
    }
    Programs.Result syntax = Programs.run(List.of(bash.get().toString(), "-n", script.toString()), TIMEOUT);
    if (syntax.exit() != 0) {
      return Finding.of(file, serviceOf(file), "bash -n", Outcome.FAILED, syntax.output());
    }
    if (!Files.isExecutable(script)) {
      return Finding.of(file, serviceOf(file), "bash -n", Outcome.FAILED, "not executable");
    }
    if (shellcheck.isEmpty()) {
      return missing(file, serviceOf(file), "bash -n (passed), shellcheck", "shellcheck", "shellcheck");
    }
    Programs.Result lint = Programs.run(List.of(shellcheck.get().toString(), "--norc", script.toString()), TIMEOUT);
    return lint.exit() == 0 ? Finding.passed(file, serviceOf(file), "bash -n, shellcheck")
        : Finding.of(file, serviceOf(file), "bash -n, shellcheck", Outcome.FAILED, lint.output());
  }

  /** ssh -G resolves the entry without connecting; a bad option exits 255. */
  public Finding ssh(Path conf, String alias) {
    return sshResolved(conf, alias).finding();
  }

  /** The finding of {@code ssh -G} on one entry, and the options it resolved (empty when not run). */
  public record SshResolution(Finding finding, String options) {}

  /** One run of {@code ssh -G}, judged: for callers that also look at the resolved options. */
  public SshResolution sshResolved(Path conf, String alias) {
    String file = relative(conf);
    Optional<Path> ssh = Programs.find("ssh");
    if (ssh.isEmpty()) {
      return new SshResolution(missing(file, Optional.empty(), "ssh -G -F", "ssh", "openssh-client"), "");
    }
    Programs.Result r = Programs.run(List.of(ssh.get().toString(), "-G", "-T", "-F", conf.toString(), alias), TIMEOUT);
    Finding f = r.exit() != 0 || !r.stderr().isBlank() || !r.stdout().contains("proxycommand ")
        ? Finding.of(file, Optional.empty(), "ssh -G -F", Outcome.FAILED, r.output())
        : Finding.passed(file, Optional.empty(), "ssh -G -F");
    return new SshResolution(f, r.stdout());
  }

  public Finding nft(Path rules) {
    String file = relative(rules);
    String checker = "nft -c -f in a new network namespace";
    Optional<Path> nft = Programs.find("nft");
    Optional<Path> unshare = Programs.find("unshare");
    if (nft.isEmpty()) {
      return missing(file, Optional.empty(), checker, "nft", "nftables");
    }
    if (unshare.isEmpty()) {
      return missing(file, Optional.empty(), checker, "unshare", "util-linux");
    }
    List<String> command = new ArrayList<>(Programs.newNetworkNamespace(unshare.get()));
    command.addAll(List.of(nft.get().toString(), "-c", "-f", rules.toString()));
    Programs.Result r = Programs.run(command, TIMEOUT);
    return r.exit() == 0 ? Finding.passed(file, Optional.empty(), checker)
        : Finding.of(file, Optional.empty(), checker, Outcome.FAILED, r.output());
  }

  /**
   * In private mount and network namespaces, the generated file replaces rt_tables.d, and ip
   * must then accept the table by name and print it by name.
   */
  public Finding rtTables(Path entry) {
    String file = relative(entry);
    String checker = "ip rule add ... table <name> with the entry bind-mounted";
    Optional<Path> unshare = Programs.find("unshare");
    if (Programs.find("ip").isEmpty()) {
      return missing(file, Optional.empty(), checker, "ip", "iproute2");
    }
    if (unshare.isEmpty()) {
      return missing(file, Optional.empty(), checker, "unshare", "util-linux");
    }
    String[] idAndName;
    try {
      String line = Files.readAllLines(entry).stream().filter(l -> !l.startsWith("#")).findFirst().orElse("");
      idAndName = line.split("\t");
    } catch (IOException e) {
      return Finding.of(file, Optional.empty(), checker, Outcome.FAILED, e.getMessage());
    }
    if (idAndName.length != 2) {
      return Finding.of(file, Optional.empty(), checker, Outcome.FAILED, "no \"id<TAB>name\" line");
    }
    List<String> command = new ArrayList<>(List.of(unshare.get().toString()));
    if (!Programs.isRoot()) {
      command.add("--map-root-user");
    }
    command.addAll(List.of("--mount", "--net", "sh", "-c",
        "mount --bind \"$1\" /etc/iproute2/rt_tables.d && ip rule add from 192.0.2.1 table \"$2\" && ip rule show",
        "sh", entry.getParent().toString(), idAndName[1]));
    Programs.Result r = Programs.run(command, TIMEOUT);
    return r.exit() == 0 && r.stdout().contains("from 192.0.2.1 lookup " + idAndName[1])
        ? Finding.passed(file, Optional.empty(), checker)
        : Finding.of(file, Optional.empty(), checker, Outcome.FAILED, r.output());
  }

  /**
   * stunnel has no dry run: it is started in a new network namespace (with the addresses it
   * listens on) and must report its configuration successful; then it is stopped.
   */
  public Finding stunnel(Path conf, Service service) {
    String file = relative(conf);
    Optional<String> name = Optional.of(service.name());
    String checker = "stunnel started in a network namespace";
    Optional<Path> stunnel = Programs.find("stunnel4");
    Optional<Path> unshare = Programs.find("unshare");
    Optional<Path> sh = Programs.find("sh");
    if (stunnel.isEmpty()) {
      return missing(file, name, checker, "stunnel4", "stunnel4");
    }
    if (unshare.isEmpty() || sh.isEmpty()) {
      return missing(file, name, checker, "unshare", "util-linux");
    }
    List<InetAddress> addresses = service.listen().stream().map(e -> e.address()).toList();
    Optional<String> refused = Programs.awaitLine(Programs.inNetworkNamespace(unshare.get(), sh.get(), addresses,
        List.of(stunnel.get().toString(), conf.toString())), "Configuration successful", Duration.ofSeconds(20));
    return refused.isEmpty() ? Finding.passed(file, name, checker)
        : Finding.of(file, name, checker, Outcome.FAILED, refused.get());
  }

  private Set<InetAddress> listenAddresses(EngineKind kind) {
    Set<InetAddress> addresses = new LinkedHashSet<>();
    topology.services().stream().filter(s -> s.engine().kind() == kind)
        .forEach(s -> s.listen().forEach(e -> addresses.add(e.address())));
    return addresses;
  }

  private Service service(String path, String prefix, String suffix, EngineKind kind) {
    String name = path.substring(prefix.length(), path.length() - suffix.length());
    return topology.service(name).filter(s -> s.engine().kind() == kind).orElseThrow(
        () -> new IllegalStateException(path + " names no " + kind + " service of the topology"));
  }
}
