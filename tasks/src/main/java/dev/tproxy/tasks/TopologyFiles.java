package dev.tproxy.tasks;

import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a topology file for a task, reporting every diagnostic, failing on errors. */
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
      int n = result.diagnostics().errors().size();
      throw TaskException.user(file + " has " + n + " error" + (n == 1 ? "" : "s") + ":\n" + result.diagnostics().format());
    }
    return result.topology();
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
    for (Diagnostic d : result.diagnostics().all()) {
      for (String line : d.format().split("\n")) {
        if (d.isError()) {
          reporter.error(line);
        } else {
          reporter.warn(line);
        }
      }
    }
    return result;
  }
}
