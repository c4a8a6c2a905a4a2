package dev.tproxy.tasks.check;

import dev.tproxy.generate.GeneratedFiles;
import dev.tproxy.generate.GeneratedFilesWriter;
import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.generate.check.Finding;
import dev.tproxy.generate.check.GeneratedFilesCheck;
import dev.tproxy.generate.check.Programs;
import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.SourceLocation;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.model.TopologySource;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import dev.tproxy.tasks.TopologyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code check}: what would be installed, checked by the programs that will read it, before
 * anything is installed. The topology is validated, the files are generated into a staging
 * directory whose install paths point at itself, and each file goes to its program (nginx -t,
 * sslh, stunnel, systemd-analyze verify and security, shellcheck, nft -c, ssh -G). The files the
 * terminators read (certificates, keys, CAs) must exist, or, with stand-ins, are issued below the
 * staging directory by a made-up CA; one that does not is reported as validate reports it, at the
 * line, column and field of the topology that names it. Every program's complaint is reported
 * against its file and service; programs that are not installed are listed as not run. The
 * staging directory is removed.
 */
public final class CheckTask {

  /**
   * @param parameter the front end's name for the topology setting, for messages
   * @param standInCertificates check with made-up certificates instead of the topology's files
   */
  public record Parameters(Path topology, String parameter, boolean standInCertificates, Path baseDir) {

    /** Relative paths relative to the topology's directory. */
    public Parameters(Path topology, String parameter, boolean standInCertificates) {
      this(topology, parameter, standInCertificates, null);
    }
  }

  /**
   * Everything the check found: missing host files first (each also reported as a located
   * diagnostic), then one finding per generated file.
   */
  public record Report(List<Finding> findings) {
    public boolean failed() {
      return findings.stream().anyMatch(Finding::isFailure);
    }

    public List<Finding> notRun() {
      return findings.stream().filter(f -> f.outcome() == Finding.Outcome.NOT_RUN).toList();
    }
  }

  private CheckTask() {}

  /** Runs the check, reports it, and fails (a user error) when a program or a missing file says no. */
  public static Report run(Parameters p, Reporter reporter) throws TaskException {
    TopologyLoader.Result loaded = TopologyFiles.read(p.topology(), p.baseDir(), p.parameter(), reporter);
    if (loaded.diagnostics().hasErrors()) {
      // Nothing can be generated; the files the topology names can still be looked for.
      List<MissingFile> missing = missingHostFiles(loaded.topology(), p.topology());
      missing.forEach(m -> reporter.diagnostic(m.diagnostic()));
      int n = loaded.diagnostics().errors().size() + missing.size();
      throw TaskException.user(p.topology() + ": " + n + " error" + (n == 1 ? "" : "s")
          + " (above); fix them and check again");
    }
    Topology t = loaded.topology();
    Path staging;
    try {
      staging = Files.createTempDirectory("tproxy-check");
    } catch (IOException e) {
      throw new TaskException(TaskException.Kind.INTERNAL, "cannot make a staging directory: " + e.getMessage(), e);
    }
    try {
      List<MissingFile> missing = p.standInCertificates() ? List.of() : missingHostFiles(t, p.topology());
      Report report = check(t, p, staging, missing);
      print(report, missing, p, reporter);
      if (report.failed()) {
        long failed = report.findings().stream().filter(Finding::isFailure).count();
        throw TaskException.user(p.topology() + ": " + failed + " check" + (failed == 1 ? "" : "s") + " failed");
      }
      return report;
    } finally {
      delete(staging);
    }
  }

  private static Report check(Topology t, Parameters p, Path staging, List<MissingFile> missing) throws TaskException {
    List<Finding> findings = new ArrayList<>();
    missing.forEach(m -> findings.add(m.finding()));
    Set<String> lacking = missing.stream().map(m -> m.finding().service().orElseThrow()).collect(Collectors.toSet());
    if (p.standInCertificates()) {
      try {
        t = StandInCertificates.below(t, staging.resolve("root"));
      } catch (IOException | UncheckedIOException e) {
        throw new TaskException(TaskException.Kind.INTERNAL, "cannot issue stand-in certificates: " + e.getMessage(), e);
      }
    }
    Path out = staging.resolve("out");
    GeneratedFiles files;
    try {
      Files.createDirectories(staging.resolve("run"));
      Files.createDirectories(staging.resolve("log"));
      GeneratorOptions.Builder options = GeneratorOptions.builder().stagedIn(out, staging);
      Programs.find("sslh").ifPresent(options::sslhBinary);
      standInLauncher(t, staging).ifPresent(standIn -> {
        options.launcher(standIn);
        findings.add(new Finding("systemd/", Optional.empty(), "the launcher " + GeneratorOptions.defaults().launcher(),
            Finding.Outcome.NOT_RUN, "not installed on this host: the runtime's unit was verified with a stand-in in its"
                + " place (unpack the distribution to /opt/tproxy, docs/production.md)"));
      });
      files = Generator.generate(t, options.build());
      new GeneratedFilesWriter().write(files, out);
    } catch (GenerationException e) {
      throw TaskException.user(p.topology() + ": " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      throw new TaskException(TaskException.Kind.INTERNAL, "cannot write the staging files: " + e.getMessage(), e);
    }
    // nginx loads every certificate of every server at once, stunnel its own: without their
    // files they would only repeat what is reported above.
    Set<String> without = lacking;
    boolean nginxLacks = t.services().stream()
        .anyMatch(s -> s.engine().kind() == EngineKind.NGINX && without.contains(s.name()));
    GeneratedFilesCheck check = new GeneratedFilesCheck(t, files, out);
    java.util.function.Predicate<String> blocked = file -> file.startsWith("nginx/") ? nginxLacks
        : file.startsWith("stunnel/") && check.serviceOf(file).filter(without::contains).isPresent();
    findings.addAll(check.run(blocked.negate()));
    for (String file : files.paths()) {
      if (blocked.test(file)) {
        findings.add(new Finding(file, Optional.empty(), file.startsWith("nginx/") ? "nginx -t -c" : "stunnel",
            Finding.Outcome.NOT_RUN, "needs the certificate files reported missing"));
      }
    }
    return new Report(List.copyOf(findings));
  }

  /**
   * systemd-analyze verify wants the runtime unit's launcher to exist. Where it is not installed
   * (a build machine), the unit is checked with an executable stand-in below the staging root,
   * and a finding says so; empty when the topology has no tproxy service or the launcher is there.
   */
  private static Optional<Path> standInLauncher(Topology t, Path staging) throws IOException {
    Path launcher = GeneratorOptions.defaults().launcher();
    if (t.services().stream().noneMatch(s -> s.engine().kind() == EngineKind.TPROXY) || Files.isExecutable(launcher)) {
      return Optional.empty();
    }
    Path standIn = staging.resolve("root").resolve(launcher.getRoot().relativize(launcher));
    Files.createDirectories(standIn.getParent());
    Files.writeString(standIn, "#!/bin/sh\nexit 0\n");
    if (!standIn.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + standIn + " executable");
    }
    return Optional.of(standIn);
  }

  /** A file the topology names that is not there: the finding, and the diagnostic at the field that names it. */
  private record MissingFile(Finding finding, Diagnostic diagnostic) {}

  private static final String MISSING_HINT =
      "create it (tproxy certs makes development certificates); to check before it exists, use --stand-in-certificates";

  /** The host files that are missing or unreadable, in the topology file's order. */
  private static List<MissingFile> missingHostFiles(Topology t, Path topology) {
    List<StandInCertificates.HostFile> bad =
        StandInCertificates.hostFiles(t).stream().filter(f -> f.problem().isPresent()).toList();
    if (bad.isEmpty()) {
      return List.of();
    }
    Optional<TopologySource> source = TopologySource.read(topology);
    return bad.stream()
        .map(f -> new MissingFile(
            new Finding(f.path().toString(), Optional.of(f.service().name()), "the " + f.what() + " file",
                Finding.Outcome.FAILED, f.problem().get() + " (" + MISSING_HINT + ")"),
            Diagnostic.error(f.field(), "the " + f.what() + " file " + f.path() + " of service \"" + f.service().name()
                + "\" " + f.problem().get(), MISSING_HINT).at(source.map(s -> s.locate(f.field())).orElse(null))))
        .sorted(Comparator.comparing((MissingFile m) -> m.diagnostic().location().map(SourceLocation::line).orElse(0))
            .thenComparing(m -> m.diagnostic().location().map(SourceLocation::column).orElse(0)))
        .toList();
  }

  private static void print(Report report, List<MissingFile> missing, Parameters p, Reporter reporter) {
    missing.forEach(m -> reporter.diagnostic(m.diagnostic()));
    Set<Finding> reported = missing.stream().map(MissingFile::finding).collect(Collectors.toSet());
    for (Finding f : report.findings()) {
      if (reported.contains(f)) {
        continue;
      }
      switch (f.outcome()) {
        case FAILED -> reporter.error(f.describe());
        case WARNED -> reporter.warn(f.describe());
        case NOT_RUN -> reporter.warn(f.describe().replace(": NOT_RUN", ": not run"));
        case PASSED -> reporter.info(f.describe());
      }
    }
    long passed = report.findings().stream().filter(f -> f.outcome() == Finding.Outcome.PASSED).count();
    long failed = report.findings().stream().filter(Finding::isFailure).count();
    reporter.info("tproxy check: " + p.topology() + (p.standInCertificates() ? " (stand-in certificates)" : "") + ": "
        + passed + " passed, " + failed + " failed, " + report.notRun().size() + " not run");
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // a temporary directory: the system cleans it up eventually
    }
  }
}
