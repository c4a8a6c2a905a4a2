package dev.tproxy.tasks;

import dev.tproxy.certs.TopologyCertificates;
import dev.tproxy.model.Topology;
import dev.tproxy.pem.PemContentException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code certs}: creates the development CA and every certificate the topology names (server
 * certificates of tls-terminate stages, client CAs, ssh client certificates). Existing files are
 * kept unless {@code overwrite}.
 */
public final class CertsTask {

  /**
   * @param caDirectory where the development CA lives; null: {@code certs/} next to the topology
   * @param home what {@code ~} means in client paths; null: the user's home
   * @param baseDir what the topology's relative paths (and the default CA directory) are relative
   *     to; null: the topology's directory
   */
  public record Parameters(Path topology, String parameter, Path caDirectory, Path home, boolean overwrite,
      Path baseDir) {

    /** Relative paths relative to the topology's directory. */
    public Parameters(Path topology, String parameter, Path caDirectory, Path home, boolean overwrite) {
      this(topology, parameter, caDirectory, home, overwrite, null);
    }
  }

  private CertsTask() {}

  public static List<TopologyCertificates.Result> run(Parameters p, Reporter reporter) throws TaskException {
    Topology t = TopologyFiles.load(p.topology(), p.baseDir(), p.parameter(), reporter);
    Path caDir = p.caDirectory() != null ? p.caDirectory()
        : (p.baseDir() != null ? p.baseDir() : p.topology().toAbsolutePath().getParent()).resolve("certs");
    TopologyCertificates.Options options = TopologyCertificates.Options.in(caDir).overwriting(p.overwrite());
    if (p.home() != null) {
      options = options.withHome(p.home());
    }
    List<TopologyCertificates.Result> results;
    try {
      results = TopologyCertificates.create(t, options);
    } catch (FileAlreadyExistsException | PemContentException e) {
      throw new TaskException(TaskException.Kind.USER, e.getMessage(), e);
    } catch (IOException e) {
      throw new TaskException(TaskException.Kind.INTERNAL, "cannot write certificates: " + e, e);
    }
    Table table = new Table("outcome", "certificate", "for");
    for (TopologyCertificates.Result r : results) {
      table.row(r.outcome().name().toLowerCase(java.util.Locale.ROOT), r.certificate().toString(), r.purpose());
    }
    table.print(reporter);
    if (results.stream().anyMatch(r -> r.outcome() == TopologyCertificates.Outcome.KEPT)) {
      reporter.info("Kept files were left untouched; ask to overwrite to replace them.");
    }
    return results;
  }
}
