package dev.tproxy.tasks;

import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.Service;
import dev.tproxy.model.SourceLocation;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.model.TopologySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Loads a topology file for a task, reporting every diagnostic once (through {@link
 * Reporter#diagnostic}), failing on errors with a one-line summary that does not repeat them.
 */
public final class TopologyFiles {
  private TopologyFiles() {}

  /**
   * @param parameter how the front end names the setting that chose the file (e.g. the POM
   *     element {@code <topology>} or {@code --topology}), for the message when it is missing
   */
  public static Topology load(Path file, String parameter, Reporter reporter) throws TaskException {
    return load(file, null, parameter, reporter);
  }

  /** {@link #load(Path, String, Reporter)} with relative paths resolved against {@code baseDir}; null: the file's directory. */
  public static Topology load(Path file, Path baseDir, String parameter, Reporter reporter) throws TaskException {
    TopologyLoader.Result result = read(file, baseDir, parameter, reporter);
    if (result.diagnostics().hasErrors()) {
      throw failed(file, result.diagnostics().errors().size());
    }
    return result.topology();
  }

  /**
   * {@link #load}, then {@link #checkHostFiles} for every service.
   *
   * @param skip how the front end turns the file checks off, for the hint of a missing file
   */
  public static Topology loadAndCheckFiles(Path file, String parameter, String skip, Reporter reporter)
      throws TaskException {
    Topology t = load(file, parameter, reporter);
    checkHostFiles(file, t, s -> true, skip, reporter);
    return t;
  }

  /**
   * Checks the certificate, key, passphrase and CA files of the services {@code which} accepts
   * ({@link HostFileCheck}), reports each problem at the field that names the file, and fails
   * when there is one.
   *
   * @param skip how the front end turns the checks off, for the hint of a missing file; null: not said
   */
  public static void checkHostFiles(Path file, Topology t, Predicate<Service> which, String skip, Reporter reporter)
      throws TaskException {
    List<Diagnostic> found = HostFileCheck.check(t, which, skip);
    if (found.isEmpty()) {
      return;
    }
    TopologySource source = TopologySource.read(file).orElse(null);
    found.stream()
        .map(d -> source == null ? d : d.at(source.locate(d.path())))
        // In file order, as the loader reports.
        .sorted(Comparator.comparing((Diagnostic d) -> d.location().map(SourceLocation::line).orElse(0))
            .thenComparing(d -> d.location().map(SourceLocation::column).orElse(0)))
        .forEach(reporter::diagnostic);
    throw failed(file, found.size());
  }

  private static TaskException failed(Path file, int errors) {
    return TaskException.user(file + " has " + errors + " error" + (errors == 1 ? "" : "s") + " (above)");
  }

  /**
   * Reads and validates, reports every diagnostic, and returns the result even with errors (its
   * topology may then have holes), for a front end that goes on to say more.
   */
  public static TopologyLoader.Result read(Path file, String parameter, Reporter reporter) throws TaskException {
    return read(file, null, parameter, reporter);
  }

  /** {@link #read(Path, String, Reporter)} with relative paths resolved against {@code baseDir}; null: the file's directory. */
  public static TopologyLoader.Result read(Path file, Path baseDir, String parameter, Reporter reporter)
      throws TaskException {
    if (!Files.isRegularFile(file)) {
      throw TaskException.user("the topology file " + file + " does not exist; create it (see examples/quickstart/tproxy.yaml)"
          + " or point " + parameter + " at it");
    }
    TopologyLoader.Result result;
    try {
      result = baseDir == null ? TopologyLoader.read(file) : TopologyLoader.read(file, baseDir);
    } catch (IOException e) {
      throw new TaskException(TaskException.Kind.USER, "cannot read the topology file " + file + ": " + e.getMessage(), e);
    }
    result.diagnostics().all().forEach(reporter::diagnostic);
    return result;
  }
}
